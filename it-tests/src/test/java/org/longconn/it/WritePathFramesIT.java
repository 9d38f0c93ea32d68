package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The frame-once write path puts on the wire, byte for byte, what the portable path (the
 * container's own sends) does for the same frames: the same gateway deployed twice on one
 * GlassFish, once with {@code writePath=portable}, answers the same client frames, read raw. Frames
 * of all three length encodings (7-bit, 16-bit, 64-bit), text and binary. Pushes carry the node's
 * epoch and the publish time, which differ between the two deployments; their frames are compared
 * with those two values put equal, the rest byte for byte.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WritePathFramesIT {

    private static final String PORTABLE_ROOT = "/longconn-portable";

    @Deployment(name = "frame-once", testable = false, order = 1)
    static WebArchive frameOnce() {
        return Deployments.gateway("maxFrameBytes=262144\n");
    }

    @Deployment(name = "portable", testable = false, order = 2)
    static WebArchive portable() {
        WebArchive war = Deployments.gateway("longconn-portable.war", "maxFrameBytes=262144\nwritePath=portable\n");
        war.delete("WEB-INF/glassfish-web.xml");
        return war.addAsWebInfResource(
                new StringAsset(
                        "<glassfish-web-app><context-root>" + PORTABLE_ROOT + "</context-root></glassfish-web-app>"),
                "glassfish-web.xml");
    }

    @Test
    void bothWritePathsPutTheSameBytesOnTheWire() throws Exception {
        List<byte[]> fast = conversation("/longconn/ws");
        List<byte[]> portable = conversation(PORTABLE_ROOT + "/ws");

        assertEquals(portable.size(), fast.size());
        for (int i = 0; i < fast.size(); i++) {
            assertArrayEquals(portable.get(i), fast.get(i), "frame " + i + ": " + preview(fast.get(i)));
        }
    }

    /** The frames a fixed client conversation gets back, welcome left out (it names the session). */
    private static List<byte[]> conversation(String path) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (RawWebSocket socket = new RawWebSocket(Deployments.port(), path)) {
            socket.readRawFrame(); // welcome
            socket.sendText("{\"type\":\"ping\",\"id\":\"p1\"}");
            frames.add(socket.readRawFrame());
            socket.sendText("ping");
            frames.add(socket.readRawFrame());
            for (int size : new int[] {10, 100, 200, 70_000, 100_000}) {
                socket.sendText("{\"type\":\"call\",\"id\":\"c" + size + "\",\"opType\":\"test.echo\",\"data\":\""
                        + "é".repeat(size / 2) + "😀" + "\"}");
                frames.add(socket.readRawFrame());
            }
            socket.sendText("{\"type\":\"message\",\"opType\":\"bad op\"}");
            frames.add(socket.readRawFrame());
            socket.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"frames.a\"]}");
            frames.add(normalized(socket.readRawFrame()));
            socket.sendText("{\"type\":\"call\",\"id\":\"p\",\"opType\":\"test.push\","
                    + "\"data\":{\"opType\":\"frames.a\",\"data\":{\"text\":\"" + "x".repeat(300) + "\"}}}");
            // The push and the call's reply, in the order the gateway wrote them.
            frames.add(normalized(socket.readRawFrame()));
            frames.add(normalized(socket.readRawFrame()));
            socket.sendText("{\"type\":\"unsubscribe\",\"id\":\"u\",\"opTypes\":[\"frames.a\"]}");
            frames.add(socket.readRawFrame());
        }
        assertTrue(frames.stream().anyMatch(f -> (f[1] & 0x7F) == 127), "a frame with a 64-bit length");
        return frames;
    }

    /**
     * {@code "pos":"<epoch>-N"} and {@code "ts":N} put to fixed values. Their lengths may differ
     * between the two nodes, so the frame is framed anew for the fixed payload, after checking that
     * the original header was the minimal one for the original payload.
     */
    private static byte[] normalized(byte[] frame) {
        int length = payloadLength(frame);
        int start = frame.length - length;
        assertArrayEquals(header(frame[0], length), java.util.Arrays.copyOf(frame, start), "a minimal header");
        String payload = new String(frame, start, length, StandardCharsets.UTF_8);
        String fixed = payload.replaceAll("\"(pos|position)\":\"[A-Za-z0-9]+-", "\"$1\":\"EPOCH-")
                .replaceAll("\"ts\":[0-9]+", "\"ts\":0");
        byte[] body = fixed.getBytes(StandardCharsets.UTF_8);
        byte[] header = header(frame[0], body.length);
        byte[] out = new byte[header.length + body.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    /** RFC 6455 §5.2: the first byte, then the length in its shortest form; server frames unmasked. */
    private static byte[] header(byte first, int length) {
        if (length < 126) {
            return new byte[] {first, (byte) length};
        }
        if (length <= 0xFFFF) {
            return new byte[] {first, 126, (byte) (length >> 8), (byte) length};
        }
        byte[] header = new byte[10];
        header[0] = first;
        header[1] = 127;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) ((long) length >> (56 - 8 * i));
        }
        return header;
    }

    private static int payloadLength(byte[] frame) {
        int length = frame[1] & 0x7F;
        int header = length == 126 ? 4 : length == 127 ? 10 : 2;
        return frame.length - header;
    }

    private static String preview(byte[] frame) {
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
