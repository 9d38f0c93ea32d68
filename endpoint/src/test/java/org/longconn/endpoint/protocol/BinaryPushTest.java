package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.push.PushPayload;

class BinaryPushTest {

    private static final byte[] PAYLOAD = {0, 1, 2, (byte) 0xFF, 42};
    private static final Position POSITION = new Position("k3x", 17);
    /** The position's length byte and its ASCII "k3x-17". */
    private static final int POS = 1 + 6;

    @Test
    void binaryPushIsLaidOutAsKindLengthOpTypeTimestampPositionPayload() {
        String opType = "media.frame";
        long ts = 0x0102030405060708L;
        OutboundFrame frame = FrameEncoder.push(opType, ts, POSITION, new PushPayload.Binary(PAYLOAD));

        assertFalse(frame.isText());
        byte[] bytes = bytes(frame.binary());
        byte[] name = opType.getBytes(StandardCharsets.UTF_8);
        assertEquals(1 + 2 + name.length + 8 + POS + PAYLOAD.length, bytes.length);
        assertEquals(bytes.length, frame.size());

        assertEquals(2, bytes[0]);
        assertEquals(FrameEncoder.BINARY_PUSH_KIND, bytes[0]);
        assertEquals(0, bytes[1]);
        assertEquals(name.length, bytes[2]);
        assertArrayEquals(name, Arrays.copyOfRange(bytes, 3, 3 + name.length));
        byte[] timestamp = Arrays.copyOfRange(bytes, 3 + name.length, 3 + name.length + 8);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, timestamp);
        int at = 3 + name.length + 8;
        assertEquals(6, bytes[at]);
        assertEquals("k3x-17", new String(bytes, at + 1, 6, StandardCharsets.US_ASCII));
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(bytes, at + POS, bytes.length));
    }

    @Test
    void opTypeLengthIsTwoBytesBigEndian() {
        String opType = "a".repeat(300);
        byte[] bytes = bytes(FrameEncoder.push(opType, 7, POSITION, new PushPayload.Binary(new byte[0]))
                .binary());

        assertEquals(300, ((bytes[1] & 0xFF) << 8) | (bytes[2] & 0xFF));
        assertEquals(7, ByteBuffer.wrap(bytes, 3 + 300, 8).getLong());
        assertEquals(1 + 2 + 300 + 8 + POS, bytes.length);
    }

    @Test
    void binaryViewsAreIndependent() {
        OutboundFrame frame = FrameEncoder.push("a.b", 1, POSITION, new PushPayload.Binary(PAYLOAD));
        ByteBuffer first = frame.binary();
        ByteBuffer second = frame.binary();

        byte[] read = bytes(first);

        assertEquals(0, first.remaining());
        assertEquals(0, second.position());
        assertEquals(frame.size(), second.remaining());
        assertArrayEquals(read, bytes(second));
        assertEquals(frame.size(), frame.binary().remaining());
    }

    @Test
    void binaryViewsAreReadOnly() {
        OutboundFrame frame = OutboundFrame.binary(new byte[] {1, 2, 3});

        assertTrue(frame.binary().isReadOnly());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
