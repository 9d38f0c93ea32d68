package org.longconn.endpoint.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PublishAccessTest {

    @Test
    void withoutASecretEveryCallerIsRefusedEvenOnLoopback() {
        PublishAccess access = new PublishAccess(null, false);
        assertEquals(PublishAccess.NO_SECRET, access.check(null, "127.0.0.1"));
        assertEquals(PublishAccess.NO_SECRET, access.check("Bearer anything", "10.0.0.7"));
        assertEquals(403, PublishAccess.NO_SECRET.status());
        assertEquals(PublishAccess.NO_SECRET, new PublishAccess("", false).check(null, "127.0.0.1"));
    }

    @Test
    void theDevelopmentSettingOpensItToLoopbackCallersOnly() {
        PublishAccess access = new PublishAccess(null, true);
        assertNull(access.check(null, "127.0.0.1"));
        assertNull(access.check(null, "127.8.9.10"));
        assertNull(access.check(null, "0:0:0:0:0:0:0:1"));
        assertNull(access.check(null, "::1"));
        assertEquals(PublishAccess.NO_SECRET, access.check(null, "192.168.1.20"));
        assertEquals(PublishAccess.NO_SECRET, access.check(null, "fe80::1"));
        // Not an address literal: never looked up, never trusted.
        assertEquals(PublishAccess.NO_SECRET, access.check(null, "localhost"));
        assertEquals(PublishAccess.NO_SECRET, access.check(null, null));
    }

    @Test
    void aSecretIsRequiredFromEveryCallerOnceSet() {
        PublishAccess access = new PublishAccess("s3cret", true);
        assertNull(access.check("Bearer s3cret", "10.0.0.7"));
        assertNull(access.check("Bearer  s3cret ", "10.0.0.7"));
        assertEquals(PublishAccess.WRONG_SECRET, access.check(null, "127.0.0.1"));
        assertEquals(PublishAccess.WRONG_SECRET, access.check("Bearer s3cre", "127.0.0.1"));
        assertEquals(PublishAccess.WRONG_SECRET, access.check("Basic s3cret", "127.0.0.1"));
        assertEquals(401, PublishAccess.WRONG_SECRET.status());
    }
}
