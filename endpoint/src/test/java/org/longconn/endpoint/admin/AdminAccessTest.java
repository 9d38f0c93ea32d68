package org.longconn.endpoint.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminAccessTest {

    @Test
    void withoutASecretMetricsAreOpenAndTheAdminApiIsOff() {
        AdminAccess none = new AdminAccess(" ");
        assertFalse(none.protectedBySecret());
        assertTrue(none.mayReadMetrics(null));
        assertFalse(none.authorized("Bearer "));
        assertFalse(none.authorized(null));
    }

    @Test
    void theSecretIsComparedExactly() {
        AdminAccess access = new AdminAccess("s3cret");
        assertTrue(access.authorized("Bearer s3cret"));
        assertTrue(access.mayReadMetrics("Bearer s3cret"));
        assertFalse(access.authorized("Bearer s3cre"));
        assertFalse(access.authorized("s3cret"));
        assertFalse(access.mayReadMetrics(null));
    }
}
