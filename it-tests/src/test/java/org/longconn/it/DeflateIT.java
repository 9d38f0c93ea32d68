package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * permessage-deflate on the real container (PROTOCOL.md §2.1), with a bare-socket client that
 * offers it as browsers do: the answer asks for no context takeover, frames from at least {@code
 * deflateMinBytes} come compressed and read back intact, compressed client frames are inflated, a
 * push to many sessions is compressed once, and what inflates too far ends the connection.
 */
@ExtendWith(ArquillianExtension.class)
class DeflateIT {

    private static final String ADMIN = "deflate-admin";
    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("deflate=true\ndeflateMinBytes=64\nadminSecret=" + ADMIN + "\n");
    }

    private static RawWebSocket open(String extraHeaders) throws Exception {
        return new RawWebSocket(Deployments.port(), "/longconn/ws", extraHeaders);
    }

    /** One frame as a client reads it: inflated when RSV1 says it is compressed. */
    private record Read(byte[] wire, boolean compressed, int opcode, byte[] payload) {
        JsonObject json() {
            return Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))
                    .readObject();
        }
    }

    private static Read read(RawWebSocket socket) throws Exception {
        byte[] wire = socket.readRawFrame();
        int length = wire[1] & 0x7F;
        int header = length == 126 ? 4 : length == 127 ? 10 : 2;
        byte[] payload = Arrays.copyOfRange(wire, header, wire.length);
        boolean compressed = (wire[0] & 0x40) != 0;
        return new Read(wire, compressed, wire[0] & 0x0F, compressed ? inflate(payload) : payload);
    }

    /** The next frame of {@code type}, reading past others. */
    private static Read readType(RawWebSocket socket, String type) throws Exception {
        while (true) {
            Read frame = read(socket);
            if (frame.opcode() == 1 && type.equals(frame.json().getString("type"))) {
                return frame;
            }
        }
    }

    private static byte[] inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(concat(payload, new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    /** Compressed as a browser does: raw deflate, SYNC_FLUSH, the 4-byte tail left off. */
    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void sendCompressed(RawWebSocket socket, String text) throws Exception {
        socket.sendFrame(0xC1, deflate(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static double deflated() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + Deployments.port() + "/longconn/metrics"))
                                .header("Authorization", "Bearer " + ADMIN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        return new PrometheusText(scrape.body()).value("longconn_frames_deflated_total");
    }

    @Test
    void bothDirectionsAreCompressedWithoutContextTakeover() throws Exception {
        try (RawWebSocket socket = open(OFFER)) {
            assertEquals(
                    "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                    socket.responseHeader("Sec-WebSocket-Extensions"));
            Read welcome = read(socket);
            assertTrue(welcome.compressed(), "the welcome is over 64 bytes: compressed");
            assertEquals("welcome", welcome.json().getString("type"));

            // What the client compresses, the server inflates: a subscribe, then a call.
            sendCompressed(socket, "{\"type\":\"subscribe\",\"id\":\"s1\",\"opTypes\":[\"zip.news\"]}");
            assertTrue(readType(socket, "subscribed")
                    .json()
                    .getJsonArray("results")
                    .getJsonObject(0)
                    .getBoolean("ok"));
            String text = "all the news that fits ".repeat(200);
            sendCompressed(
                    socket,
                    "{\"type\":\"call\",\"id\":\"c1\",\"opType\":\"test.push\",\"data\":{\"opType\":\"zip.news\","
                            + "\"data\":{\"text\":\"" + text + "\"}}}");
            Read push = readType(socket, "push");
            assertTrue(push.compressed());
            assertTrue(push.wire().length < text.length() / 5, "4.6 KB of text in " + push.wire().length + " bytes");
            assertEquals(text, push.json().getJsonObject("data").getString("text"));
        }
    }

    @Test
    void aPushToManySessionsIsCompressedOnceAndPlainSessionsGetItPlain() throws Exception {
        List<RawWebSocket> compressing = new ArrayList<>();
        try (RawWebSocket plain = open("")) {
            assertNull(plain.responseHeader("Sec-WebSocket-Extensions"), "no offer, no extension");
            for (int i = 0; i < 5; i++) {
                compressing.add(open(OFFER));
            }
            for (RawWebSocket socket : compressing) {
                read(socket);
                socket.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"zip.many\"]}");
                readType(socket, "subscribed");
            }
            read(plain);
            plain.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"zip.many\"]}");
            readType(plain, "subscribed");

            double before = deflated();
            String text = "one push for every session ".repeat(100);
            plain.sendText("{\"type\":\"call\",\"id\":\"c\",\"opType\":\"test.push\",\"data\":{\"opType\":\"zip.many\","
                    + "\"data\":{\"text\":\"" + text + "\"}}}");
            Read plainPush = readType(plain, "push");
            assertEquals(0x81, plainPush.wire()[0] & 0xFF, "uncompressed for the session that did not offer");
            byte[] first = null;
            for (RawWebSocket socket : compressing) {
                Read push = readType(socket, "push");
                assertTrue(push.compressed());
                assertEquals(plainPush.json(), push.json());
                if (first == null) {
                    first = push.wire();
                }
                assertArrayEquals(first, push.wire(), "the very same compressed bytes for every session");
            }
            assertEquals(before + 1, deflated(), "compressed once for five sessions");
        } finally {
            for (RawWebSocket socket : compressing) {
                socket.close();
            }
        }
    }

    @Test
    void aMessageThatInflatesOverTheLimitIsRefusedLikeAnUncompressedOneAndTheSessionStays() throws Exception {
        try (RawWebSocket socket = open(OFFER)) {
            read(socket);
            // 100 KB inflated: over maxFrameBytes (64 KiB), as an uncompressed frame would be.
            sendCompressed(
                    socket, "{\"type\":\"message\",\"opType\":\"x.y\",\"data\":\"" + "a".repeat(100_000) + "\"}");
            assertEquals("frame_too_large", readType(socket, "error").json().getString("code"));

            // 8 MiB of zeros in a few KB: inflated no further than the limit, refused the same way.
            byte[] bomb = deflate(new byte[8 * 1024 * 1024]);
            assertTrue(bomb.length < 20_000);
            socket.sendFrame(0xC1, bomb);
            assertEquals("frame_too_large", readType(socket, "error").json().getString("code"));

            // The session goes on.
            sendCompressed(socket, "{\"type\":\"ping\",\"id\":\"after\"}");
            assertEquals("after", readType(socket, "pong").json().getString("id"));
        }
    }

    @Test
    void bytesThatAreNotDeflateEndTheConnectionWith1007() throws Exception {
        try (RawWebSocket socket = open(OFFER)) {
            read(socket);
            socket.sendFrame(0xC1, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x12, 0x34});
            Read close;
            do {
                close = read(socket);
            } while (close.opcode() != 8);
            assertEquals(1007, ((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF));
        }
    }
}
