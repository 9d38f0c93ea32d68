package org.longconn.endpoint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfigLookupTest {

    @Test
    void environmentNameSplitsCamelCaseWithUnderscores() {
        assertEquals("LONGCONN_MAX_FRAME_BYTES", ConfigLookup.environmentName("maxFrameBytes"));
        assertEquals("LONGCONN_OUTBOX_MAX_BYTES", ConfigLookup.environmentName("outboxMaxBytes"));
        assertEquals("LONGCONN_IDLE_TIMEOUT_MS", ConfigLookup.environmentName("idleTimeoutMs"));
        assertEquals("LONGCONN_CLOSE_GRACE_MS", ConfigLookup.environmentName("closeGraceMs"));
    }
}
