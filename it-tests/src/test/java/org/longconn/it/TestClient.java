package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A protocol v1 client for tests, on the JDK's own WebSocket client (an implementation
 * independent of the server's). Frames are queued as they arrive; tests take them with timeouts.
 */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A frame or the close, as received. */
    sealed interface Received {}

    record Text(String text) implements Received {
        JsonObject json() {
            return Json.createReader(new StringReader(text)).readObject();
        }
    }

    record Binary(byte[] bytes) implements Received {}

    record Closed(int code, String reason) implements Received {}

    private final WebSocket socket;
    private final BlockingQueue<Received> inbox;
    private final java.util.ArrayDeque<Received> backlog = new java.util.ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    final JsonObject welcome;

    private TestClient(WebSocket socket, BlockingQueue<Received> inbox) throws InterruptedException {
        this.socket = socket;
        this.inbox = inbox;
        this.welcome = nextJson();
        assertEquals("welcome", welcome.getString("type"), "first frame");
    }

    static TestClient connect(URI uri) throws Exception {
        return connect(HttpClient.newHttpClient().newWebSocketBuilder(), uri);
    }

    static TestClient connect(WebSocket.Builder builder, URI uri) throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        WebSocket socket;
        try {
            socket = builder.buildAsync(uri, new Listener(inbox)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                throw new AssertionError(
                        "handshake to " + uri + " refused with HTTP "
                                + refused.getResponse().statusCode() + ": "
                                + refused.getResponse().body(),
                        e);
            }
            throw e;
        }
        return new TestClient(socket, inbox);
    }

    String sessionId() {
        return welcome.getString("sessionId");
    }

    WebSocket socket() {
        return socket;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /**
     * Sends a binary message ({@code kind} 3) or call (4) in the layout of PROTOCOL.md §3.7:
     * kind, u16 opType length, opType, u8 id length, id, payload.
     */
    void sendBinary(int kind, String opType, String id, byte... payload) {
        byte[] op = opType.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] idBytes = id == null ? new byte[0] : id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + op.length + idBytes.length + payload.length);
        frame.put((byte) kind).putShort((short) op.length).put(op).put((byte) idBytes.length);
        frame.put(idBytes).put(payload).flip();
        socket.sendBinary(frame, true).join();
    }

    /** The next binary frame; text frames before it are kept for {@link #next}. */
    byte[] awaitBinary() throws InterruptedException {
        java.util.List<Received> skipped = new java.util.ArrayList<>();
        try {
            while (true) {
                Received received = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (received == null) {
                    fail("no binary frame within " + TIMEOUT);
                }
                if (received instanceof Binary binary) {
                    return binary.bytes();
                }
                skipped.add(received);
            }
        } finally {
            backlog.addAll(skipped);
        }
    }

    /** The next frame of any kind: first those skipped by an earlier {@link #awaitType}, then new ones. */
    Received next() throws InterruptedException {
        if (!backlog.isEmpty()) {
            return backlog.pollFirst();
        }
        Received received = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (received == null) {
            fail("nothing received within " + TIMEOUT);
        }
        return received;
    }

    /**
     * The first frame of {@code type} that arrives within {@code timeout}, or {@code null}; the
     * frames before it stay queued, in order, for later reads.
     */
    JsonObject pollFrame(String type, Duration timeout) throws InterruptedException {
        List<Received> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Received received = backlog.pollFirst();
                if (received == null) {
                    long left = deadline - System.nanoTime();
                    received = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (received == null) {
                        return null;
                    }
                }
                if (received instanceof Text text
                        && text.text().startsWith("{")
                        && type.equals(text.json().getString("type"))) {
                    return text.json();
                }
                skipped.add(received);
            }
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                backlog.addFirst(skipped.get(i));
            }
        }
    }

    /** The next push of {@code opType} within {@code timeout}, or {@code null}; other frames are dropped. */
    JsonObject pollPush(String opType, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received received =
                    !backlog.isEmpty() ? backlog.pollFirst() : left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (received == null) {
                return null;
            }
            if (received instanceof Text text && text.text().contains("\"type\":\"push\"")) {
                JsonObject push = text.json();
                if (opType.equals(push.getString("opType"))) {
                    return push;
                }
            }
        }
    }

    /** The next frame, which must be a JSON text frame. */
    JsonObject nextJson() throws InterruptedException {
        Received received = next();
        if (!(received instanceof Text text)) {
            throw new AssertionError("expected a JSON text frame, got " + received);
        }
        return text.json();
    }

    /**
     * Returns the first frame of {@code type}; frames before it stay queued, in order, for later
     * reads, so waiting for a reply never loses a push that arrived first.
     */
    JsonObject awaitType(String type) throws InterruptedException {
        return awaitMatching(type, json -> true);
    }

    private JsonObject awaitMatching(String type, java.util.function.Predicate<JsonObject> test)
            throws InterruptedException {
        List<Received> skipped = new ArrayList<>();
        try {
            while (true) {
                Received received = next();
                if (received instanceof Text text && text.text().startsWith("{")) {
                    JsonObject json = text.json();
                    if (type.equals(json.getString("type")) && test.test(json)) {
                        return json;
                    }
                } else if (received instanceof Closed closed) {
                    throw new AssertionError(
                            "closed " + closed + " while waiting for " + type + "; skipped " + skipped);
                }
                skipped.add(received);
            }
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                backlog.addFirst(skipped.get(i));
            }
        }
    }

    /** Waits for the close, skipping frames; returns them in {@code skipped} if given. */
    Closed awaitClose(List<Received> skipped) throws InterruptedException {
        while (true) {
            Received received = next();
            if (received instanceof Closed closed) {
                return closed;
            }
            if (skipped != null) {
                skipped.add(received);
            }
        }
    }

    /** Sends a request frame with a fresh id and waits for the answer of {@code answerType} with that id. */
    JsonObject request(String answerType, String frameWithoutId) throws InterruptedException {
        String id = "r" + ids.incrementAndGet();
        send("{\"id\":\"" + id + "\"," + frameWithoutId.substring(1));
        return awaitMatching(answerType, answer -> id.equals(answer.getString("id", null)));
    }

    /** Subscribes and asserts every opType was accepted. */
    void subscribe(String... opTypes) throws InterruptedException {
        JsonObject answer = subscribeRaw(opTypes);
        answer.getJsonArray("results").forEach(result -> {
            if (!result.asJsonObject().getBoolean("ok")) {
                throw new AssertionError("subscription failed: " + result);
            }
        });
    }

    JsonObject subscribeRaw(String... opTypes) throws InterruptedException {
        return request("subscribed", "{\"type\":\"subscribe\",\"opTypes\":" + jsonArray(opTypes) + "}");
    }

    JsonObject unsubscribe(String... opTypes) throws InterruptedException {
        return request("unsubscribed", "{\"type\":\"unsubscribe\",\"opTypes\":" + jsonArray(opTypes) + "}");
    }

    /** A call; returns the reply frame. */
    JsonObject call(String opType, String dataJson) throws InterruptedException {
        return request("reply", "{\"type\":\"call\",\"opType\":\"" + opType + "\",\"data\":" + dataJson + "}");
    }

    /** Collects pushes until one of {@code markerOpType} arrives; returns those before it. */
    List<JsonObject> pushesUntil(String markerOpType) throws InterruptedException {
        List<JsonObject> pushes = new ArrayList<>();
        while (true) {
            Received received = next();
            if (!(received instanceof Text text) || !text.text().contains("\"type\":\"push\"")) {
                continue;
            }
            JsonObject push = text.json();
            if (markerOpType.equals(push.getString("opType"))) {
                return pushes;
            }
            pushes.add(push);
        }
    }

    private static String jsonArray(String... values) {
        var array = Json.createArrayBuilder();
        for (String value : values) {
            array.add(value);
        }
        return array.build().toString();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<Received> inbox;
        private final java.util.ArrayDeque<Received> backlog = new java.util.ArrayDeque<>();
        private StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        Listener(BlockingQueue<Received> inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.add(new Text(text.toString()));
                text = new StringBuilder();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                byte[] bytes = new byte[binary.remaining()];
                binary.get(bytes);
                inbox.add(new Binary(bytes));
                binary = ByteBuffer.allocate(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            inbox.add(new Closed(code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            inbox.add(new Closed(1006, String.valueOf(error)));
        }
    }
}
