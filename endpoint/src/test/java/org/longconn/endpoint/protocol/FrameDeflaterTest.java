package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** permessage-deflate frames (RFC 7692): their bytes, once per frame, and what clients read back. */
class FrameDeflaterTest {

    private static final String PUSH =
            "{\"type\":\"push\",\"opType\":\"news\",\"data\":\"" + "the same words again and again ".repeat(40) + "\"}";

    /** Reads a frame as a client does: header, RSV1, inflate the payload with the RFC's tail. */
    static String read(byte[] frame) throws Exception {
        int length = frame[1] & 0x7F;
        int header = 2;
        if (length == 126) {
            length = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
            header = 4;
        }
        assertEquals(frame.length, header + length, "one whole frame");
        byte[] payload = Arrays.copyOfRange(frame, header, frame.length);
        if ((frame[0] & 0x40) == 0) {
            return new String(payload, StandardCharsets.UTF_8);
        }
        MessageInflater.Message message = new MessageInflater(1 << 20).begin();
        return new String(message.inflate(payload, true), StandardCharsets.UTF_8);
    }

    @Test
    void aFrameIsCompressedWithRsv1AndReadsBackAsItWas() throws Exception {
        OutboundFrame frame = OutboundFrame.text(PUSH);
        byte[] deflated = frame.deflatedWire(new FrameDeflater(64, 6));

        assertEquals((byte) 0xC1, deflated[0], "FIN, RSV1, text");
        assertTrue(deflated.length < frame.wire().length / 4, "repetitive text shrinks: " + deflated.length);
        assertEquals(PUSH, read(deflated));
        assertEquals((byte) 0x81, frame.wire()[0], "the plain frame stays for the other sessions");
    }

    @Test
    void binaryFramesKeepTheirOpcode() throws Exception {
        byte[] bytes = new byte[2048];
        OutboundFrame frame = OutboundFrame.binary(bytes);
        byte[] deflated = frame.deflatedWire(new FrameDeflater(64, 1));
        assertEquals((byte) 0xC2, deflated[0]);
        int length = deflated[1] & 0x7F;
        byte[] inflated = new MessageInflater(4096).begin().inflate(Arrays.copyOfRange(deflated, 2, 2 + length), true);
        assertArrayEquals(bytes, inflated);
    }

    @Test
    void smallOrIncompressibleFramesGoAsTheyAre() {
        FrameDeflater deflater = new FrameDeflater(512, 6);
        OutboundFrame small = OutboundFrame.text("{\"type\":\"pong\"}");
        assertSame(small.wire(), small.deflatedWire(deflater));
        assertEquals(0, deflater.compressed(), "under the minimum: not even tried");

        byte[] noise = new byte[4096];
        ThreadLocalRandom.current().nextBytes(noise);
        OutboundFrame random = OutboundFrame.binary(noise);
        assertSame(random.wire(), random.deflatedWire(deflater));
        assertEquals(1, deflater.compressed(), "tried once, and it did not shrink");
        assertEquals(4096, deflater.bytesOut());
    }

    @Test
    void aFrameSentToManySessionsFromManyThreadsIsCompressedOnce() throws Exception {
        FrameDeflater deflater = new FrameDeflater(64, 6);
        OutboundFrame frame = OutboundFrame.text(PUSH);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<byte[]>> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sent.add(writers.submit(() -> {
                    start.await();
                    return frame.deflatedWire(deflater);
                }));
            }
            start.countDown();
            byte[] first = sent.get(0).get();
            for (Future<byte[]> each : sent) {
                assertSame(first, each.get(), "the same bytes for every session");
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(1, deflater.compressed());
        assertEquals(frame.size(), deflater.bytesIn());
    }

    @Test
    void theLevelIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new FrameDeflater(0, 10));
    }

    @Test
    void aDisconnectIsNeverCompressed() {
        FrameDeflater deflater = new FrameDeflater(1, 6);
        OutboundFrame disconnect =
                FrameEncoder.disconnect(org.longconn.api.session.Disconnect.stop(4600, "banned ".repeat(10)), 0);
        assertSame(disconnect.wire(), disconnect.deflatedWire(deflater));
        assertEquals(0, deflater.compressed());
    }
}
