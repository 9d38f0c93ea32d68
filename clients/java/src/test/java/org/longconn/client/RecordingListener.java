package org.longconn.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket listener that writes down every call as a line ({@code text:...}, {@code
 * binary:<utf-8>}, {@code ping:...}, {@code close:1000:bye}, {@code error:ProtocolException}...)
 * for a test to take in order; it asks for one message after each, as the client's {@link
 * SocketReceiver} does, unless made with {@code demand} false.
 */
final class RecordingListener implements WebSocket.Listener {

    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private final boolean demand;

    RecordingListener(boolean demand) {
        this.demand = demand;
    }

    RecordingListener() {
        this(true);
    }

    /** The next call, waiting at most 5 s. */
    String next() throws InterruptedException {
        String call = calls.poll(5, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no listener call within 5 s");
        }
        return call;
    }

    /** The next call within {@code millis}, or {@code null}. */
    String poll(long millis) throws InterruptedException {
        return calls.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void record(WebSocket socket, String call) {
        calls.add(call);
        if (demand) {
            socket.request(1);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        record(webSocket, "open");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        record(webSocket, "text:" + data + (last ? "" : "(part)"));
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        record(webSocket, "binary:" + StandardCharsets.UTF_8.decode(data) + (last ? "" : "(part)"));
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        record(webSocket, "ping:" + StandardCharsets.UTF_8.decode(message));
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        record(webSocket, "pong:" + StandardCharsets.UTF_8.decode(message));
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        calls.add("close:" + statusCode + ":" + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        calls.add("error:" + error.getClass().getSimpleName() + ":" + error.getMessage());
    }
}
