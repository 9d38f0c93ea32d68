package org.longconn.endpoint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GatewayConfigProducerTest {

    @Test
    void environmentNameSplitsCamelCaseWithUnderscores() {
        assertEquals("LONGCONN_MAX_FRAME_BYTES", GatewayConfigProducer.environmentName("maxFrameBytes"));
        assertEquals("LONGCONN_OUTBOX_MAX_BYTES", GatewayConfigProducer.environmentName("outboxMaxBytes"));
        assertEquals("LONGCONN_IDLE_TIMEOUT_MS", GatewayConfigProducer.environmentName("idleTimeoutMs"));
        assertEquals("LONGCONN_CLOSE_GRACE_MS", GatewayConfigProducer.environmentName("closeGraceMs"));
    }
}
