package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own WebSocket ({@link DeflatingWebSockets}) against a server played byte by byte
 * ({@link RawWebSocketServer}): the handshake and its offer, compressed and plain frames both
 * ways, fragments, pings, demand, the close, breaches of the protocol and refused handshakes.
 */
class DeflatingWebSocketTest {

    static final String AGREED = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private final RawWebSocketServer server;
    private RecordingListener listener = new RecordingListener();
    private WebSocket socket;

    DeflatingWebSocketTest() throws IOException {
        server = new RawWebSocketServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        server.close();
        awaitSocketThreadsEnded();
    }

    /** Every reader and writer thread of the client's sockets ends once its socket is closed. */
    static void awaitSocketThreadsEnded() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("longconn-client-socket")) {
                thread.join(5_000);
                assertFalse(thread.isAlive(), thread.getName() + " still runs");
            }
        }
    }

    private static DeflatingWebSockets builder() {
        return new DeflatingWebSockets(null, Duration.ofSeconds(5));
    }

    private CompletableFuture<WebSocket> connect() {
        return builder().subprotocols("longconn.v1").buildAsync(server.uri("/longconn/ws"), listener);
    }

    /** A socket open, its server answering {@code extensions}. */
    private WebSocket open(String extensions) throws Exception {
        CompletableFuture<WebSocket> opening = connect();
        server.upgrade(server.accept(), extensions);
        socket = opening.get(5, TimeUnit.SECONDS);
        assertEquals("open", listener.next());
        return socket;
    }

    private static String repeated(String text, int times) {
        return String.join(" ", java.util.Collections.nCopies(times, text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theUpgradeOffersDeflateAndTheSubprotocolWithTheAppsHeaders() throws Exception {
        CompletableFuture<WebSocket> opening = builder()
                .subprotocols("longconn.v1")
                .header("Authorization", "Bearer t")
                .buildAsync(server.uri("/longconn/ws?token=a%20b"), listener);
        Map<String, String> request = server.accept();
        assertEquals("GET /longconn/ws?token=a%20b HTTP/1.1", request.get(""));
        assertEquals("127.0.0.1:" + server.port(), request.get("host"));
        assertEquals("websocket", request.get("upgrade"));
        assertEquals("Upgrade", request.get("connection"));
        assertEquals("13", request.get("sec-websocket-version"));
        assertEquals(16, java.util.Base64.getDecoder().decode(request.get("sec-websocket-key")).length);
        assertEquals("longconn.v1", request.get("sec-websocket-protocol"));
        assertEquals("permessage-deflate; client_max_window_bits", request.get("sec-websocket-extensions"));
        assertEquals("Bearer t", request.get("authorization"));
        server.upgrade(request, AGREED);
        socket = opening.get(5, TimeUnit.SECONDS);
        assertEquals("longconn.v1", socket.getSubprotocol());
        assertTrue(((DeflatingWebSocket) socket).compressing());
        assertThrows(IllegalArgumentException.class, () -> builder().header("Sec-WebSocket-Extensions", "x"));
    }

    @Test
    void compressedMessagesInflateAndTheClientsLargerOnesGoCompressedEachOnItsOwn() throws Exception {
        open(AGREED);
        String first = "{\"type\":\"push\",\"data\":\"" + repeated("grüße", 40) + "\"}";
        server.send(0xC1, RawWebSocketServer.deflate(utf8(first))); // FIN, RSV1, text
        assertEquals("text:" + first, listener.next());

        // A compressed message in three fragments (RSV1 on the first only), a ping between them.
        String second = repeated("second message", 50);
        byte[] compressed = RawWebSocketServer.deflate(utf8(second));
        int third = compressed.length / 3;
        server.send(0x41, Arrays.copyOfRange(compressed, 0, third));
        server.send(0x00, Arrays.copyOfRange(compressed, third, 2 * third));
        server.send(0x89, utf8("mid"));
        server.send(0x80, Arrays.copyOfRange(compressed, 2 * third, compressed.length));
        assertEquals("ping:mid", listener.next());
        assertEquals("text:" + second, listener.next());
        RawWebSocketServer.Frame pong = server.read();
        assertEquals(0xA, pong.opcode());
        assertEquals("mid", new String(pong.payload(), StandardCharsets.UTF_8));

        server.sendText("plain");
        assertEquals("text:plain", listener.next());
        server.send(0xC2, RawWebSocketServer.deflate(utf8(repeated("bytes", 30))));
        assertEquals("binary:" + repeated("bytes", 30), listener.next());

        // The client's: each large one compressed from a fresh state (inflated here on its own).
        String big = repeated("{\"type\":\"message\"}", 20);
        for (int i = 0; i < 2; i++) {
            socket.sendText(big, true).get(5, TimeUnit.SECONDS);
            RawWebSocketServer.Frame frame = server.read();
            assertTrue(frame.fin() && frame.compressed(), "a final compressed frame");
            assertEquals(1, frame.opcode());
            assertTrue(frame.payload().length < utf8(big).length);
            assertEquals(big, frame.text());
        }
        socket.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
        RawWebSocketServer.Frame small = server.read();
        assertFalse(small.compressed(), "a small message goes as it is");
        assertEquals("{\"type\":\"ping\"}", small.text());
        socket.sendBinary(ByteBuffer.wrap(utf8(repeated("binary", 30))), true).get(5, TimeUnit.SECONDS);
        RawWebSocketServer.Frame binary = server.read();
        assertTrue(binary.compressed());
        assertEquals(2, binary.opcode());
        assertEquals(repeated("binary", 30), binary.text());
        socket.sendBinary(ByteBuffer.wrap(utf8("binary part one, ")), false);
        socket.sendBinary(ByteBuffer.wrap(utf8("two")), true).get(5, TimeUnit.SECONDS);
        RawWebSocketServer.Frame joined = server.read();
        assertEquals(2, joined.opcode());
        assertEquals("binary part one, two", joined.text());
        socket.sendText("part one, ", false);
        socket.sendText(repeated("part two", 10), true).get(5, TimeUnit.SECONDS);
        assertEquals("part one, " + repeated("part two", 10), server.read().text());

        server.sendClose(1000, "bye");
        RawWebSocketServer.Frame echo = server.read();
        assertEquals(8, echo.opcode());
        assertEquals(1000, echo.closeCode());
        assertEquals("close:1000:bye", listener.next());
        server.awaitEnd();
        assertTrue(socket.isInputClosed() && socket.isOutputClosed());
        assertInstanceOf(
                IOException.class,
                assertThrows(
                                ExecutionException.class,
                                () -> socket.sendText("late", true).get(5, TimeUnit.SECONDS))
                        .getCause());
    }

    @Test
    void withoutTheServersAgreementFramesGoPlainBothWaysAndRsv1FailsTheConnection() throws Exception {
        open(null);
        assertFalse(((DeflatingWebSocket) socket).compressing());
        String big = repeated("uncompressed", 20);
        socket.sendText(big, true).get(5, TimeUnit.SECONDS);
        RawWebSocketServer.Frame frame = server.read();
        assertFalse(frame.compressed());
        assertEquals(big, frame.text());
        server.sendText(big);
        assertEquals("text:" + big, listener.next());

        server.send(0xC1, RawWebSocketServer.deflate(utf8(big)));
        RawWebSocketServer.Frame close = server.read();
        assertEquals(8, close.opcode());
        assertEquals(1002, close.closeCode());
        assertTrue(listener.next().startsWith("error:ProtocolException:RSV1"));
        server.awaitEnd();
    }

    @Test
    void aMaskedFrameFailsWith1002() throws Exception {
        assertFailsWith(
                1002,
                "error:ProtocolException:a masked frame",
                () -> server.raw((byte) 0x81, (byte) 0x81, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) ('x' ^ 1)));
    }

    @Test
    void textThatIsNotUtf8FailsWith1007() throws Exception {
        assertFailsWith(
                1007,
                "error:ProtocolException:a text message that is not UTF-8",
                () -> server.send(0x81, new byte[] {(byte) 0xC3, (byte) 0x28}));
    }

    @Test
    void aMessageInflatingBeyond16MibFailsWith1009() throws Exception {
        byte[] bomb = RawWebSocketServer.deflate(new byte[FrameReader.MAX_MESSAGE_BYTES + 1]);
        assertFailsWith(
                1009, "error:ProtocolException:a compressed message inflates beyond", () -> server.send(0xC2, bomb));
    }

    @Test
    void aFragmentedControlFrameFailsWith1002() throws Exception {
        assertFailsWith(1002, "error:ProtocolException:a fragmented control frame", () -> server.send(0x09, utf8("x")));
    }

    @Test
    void rsv2FailsWith1002() throws Exception {
        assertFailsWith(1002, "error:ProtocolException:a frame with RSV2", () -> server.send(0xA1, utf8("x")));
    }

    @Test
    void aPingOfMoreThan125BytesFailsWith1002() throws Exception {
        assertFailsWith(
                1002, "error:ProtocolException:a control frame of 126 bytes", () -> server.send(0x89, new byte[126]));
    }

    @Test
    void anUnknownOpcodeFailsWith1002() throws Exception {
        assertFailsWith(1002, "error:ProtocolException:unknown opcode 3", () -> server.send(0x83, utf8("x")));
    }

    private interface ServerStep {
        void run() throws IOException;
    }

    private void assertFailsWith(int code, String error, ServerStep breach) throws Exception {
        open(AGREED);
        breach.run();
        RawWebSocketServer.Frame close = server.read();
        assertEquals(8, close.opcode());
        assertEquals(code, close.closeCode());
        String call = listener.next();
        assertTrue(call.startsWith(error), call);
        server.awaitEnd();
    }

    @Test
    void messagesWaitForTheListenersDemand() throws Exception {
        listener = new RecordingListener(false);
        CompletableFuture<WebSocket> opening = connect();
        server.upgrade(server.accept(), AGREED);
        socket = opening.get(5, TimeUnit.SECONDS);
        assertEquals("open", listener.next());
        server.sendText("one");
        server.sendText("two");
        assertNull(listener.poll(200), "nothing asked for yet");
        socket.request(1);
        assertEquals("text:one", listener.next());
        assertNull(listener.poll(200), "one asked for");
        socket.request(1);
        assertEquals("text:two", listener.next());
    }

    @Test
    void theClientsCloseAwaitsTheServersThenTheSocketCloses() throws Exception {
        open(AGREED);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertTrue(socket.isOutputClosed());
        assertFalse(socket.isInputClosed());
        RawWebSocketServer.Frame close = server.read();
        assertEquals(1000, close.closeCode());
        assertEquals("done", new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8));
        server.sendText("still read");
        assertEquals("text:still read", listener.next());
        server.sendClose(1000, "");
        assertEquals("close:1000:", listener.next());
        server.awaitEnd();
    }

    @Test
    void aCloseTheServerDoesNotAnswerClosesTheSocketAfterTheTimeout() throws Exception {
        CompletableFuture<WebSocket> opening = builder()
                .closeTimeout(Duration.ofMillis(200))
                .subprotocols("longconn.v1")
                .buildAsync(server.uri("/longconn/ws"), listener);
        server.upgrade(server.accept(), AGREED);
        socket = opening.get(5, TimeUnit.SECONDS);
        assertEquals("open", listener.next());
        socket.sendClose(4000, "").get(5, TimeUnit.SECONDS);
        assertEquals(4000, server.read().closeCode());
        server.awaitEnd();
        String call = listener.next();
        assertTrue(call.startsWith("error:IOException:the server did not answer the close"), call);
        assertInstanceOf(
                IllegalArgumentException.class,
                assertThrows(
                                ExecutionException.class,
                                () -> socket.sendClose(1002, "").get(5, TimeUnit.SECONDS))
                        .getCause());
        assertThrows(IllegalArgumentException.class, () -> socket.request(0));
    }

    @Test
    void aConnectionDroppedWithoutACloseFrameEndsWith1006() throws Exception {
        open(AGREED);
        server.dropConnection();
        assertEquals("close:1006:", listener.next());
    }

    @Test
    void aRefusedHandshakeFailsAsTheJdksWithTheStatusAndBody() throws Exception {
        CompletableFuture<WebSocket> opening = connect();
        server.accept();
        server.answer("HTTP/1.1 401 Unauthorized\r\nContent-Length: 9\r\n\r\nbad token");
        WebSocketHandshakeException refused = refusal(opening);
        assertEquals(401, refused.getResponse().statusCode());
        assertEquals("bad token", refused.getResponse().body());
        assertTrue(
                refused.getCause().getMessage().contains("401"),
                refused.getCause().getMessage());
    }

    @Test
    void aWrongAcceptFailsTheHandshake() throws Exception {
        CompletableFuture<WebSocket> opening = connect();
        server.accept();
        server.answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SocketHandshake.accept("not the key") + "\r\n\r\n");
        WebSocketHandshakeException refused = refusal(opening);
        assertEquals(101, refused.getResponse().statusCode());
        assertTrue(refused.getCause().getMessage().contains("Sec-WebSocket-Accept"));
    }

    @Test
    void aSmallerClientWindowThanJavaUtilZipCanDoFailsTheHandshake() throws Exception {
        CompletableFuture<WebSocket> opening = connect();
        server.upgrade(server.accept(), "permessage-deflate; client_max_window_bits=10");
        String why = refusal(opening).getCause().getMessage();
        assertTrue(why.contains("client_max_window_bits=10") && why.contains("not supported"), why);
    }

    private static WebSocketHandshakeException refusal(CompletableFuture<WebSocket> opening) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> opening.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(WebSocketHandshakeException.class, failed.getCause());
    }

    @Test
    void aServerThatIsNotThereFailsTheFuture() throws Exception {
        int port = server.port();
        server.close();
        CompletableFuture<WebSocket> opening =
                builder().buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/"), listener);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> opening.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause());
        assertThrows(
                IllegalArgumentException.class,
                () -> builder().buildAsync(java.net.URI.create("http://127.0.0.1:" + port + "/"), listener));
    }
}
