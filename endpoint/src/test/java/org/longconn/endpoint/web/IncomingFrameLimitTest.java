package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IncomingFrameLimitTest {

    @Test
    void theBufferIsTyrussDefaultUnlessMaxFrameBytesNeedsMore() {
        assertEquals(IncomingFrameLimit.DEFAULT_BUFFER_BYTES, IncomingFrameLimit.bufferBytes(65_536));
        assertEquals(IncomingFrameLimit.DEFAULT_BUFFER_BYTES, IncomingFrameLimit.bufferBytes(4 * 1024 * 1024 - 3));
        assertEquals(5 * 1024 * 1024 + 14, IncomingFrameLimit.bufferBytes(5 * 1024 * 1024));
        assertEquals(Integer.MAX_VALUE, IncomingFrameLimit.bufferBytes(Integer.MAX_VALUE));
    }
}
