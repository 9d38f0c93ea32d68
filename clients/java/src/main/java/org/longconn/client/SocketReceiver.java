package org.longconn.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One socket's callbacks from the JDK's WebSocket: it joins the parts of each message and hands
 * whole frames to the client, tagged with the connection attempt they belong to, so that the
 * client ignores them once that socket is no longer its current one.
 */
final class SocketReceiver implements WebSocket.Listener {

    /** What the client does with one attempt's socket events. */
    interface Client {
        void opened(int attempt, WebSocket webSocket);

        void received(int attempt, String text);

        void receivedBinary(int attempt, ReceivedPush push);

        void closed(int attempt, int code, String reason);
    }

    private final Client client;
    private final int attempt;
    private StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);

    SocketReceiver(Client client, int attempt) {
        this.client = client;
        this.attempt = attempt;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // Before buildAsync completes, the welcome may already be on its way: the socket must be known.
        client.opened(attempt, webSocket);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String whole = text.toString();
            text = new StringBuilder();
            client.received(attempt, whole);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
        binary = joined.put(binary).put(data).flip();
        if (last) {
            ReceivedPush push = Frames.binaryPush(binary);
            binary = ByteBuffer.allocate(0);
            if (push != null) {
                client.receivedBinary(attempt, push);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        client.closed(attempt, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        client.closed(attempt, 1006, String.valueOf(error.getMessage()));
    }
}
