package org.longconn.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The client's frames on their way to the server. The JDK's WebSocket takes one send at a time,
 * so the sends of a connection are chained; frames sent while the client is not connected wait
 * here, at most {@code maxQueued}, and go out after the next welcome, at most {@link #BURST} a
 * second, because the server refuses frames beyond its rate (100 a second by default) and they
 * would be lost. Text and binary frames share the queue and its order. Used under the client's lock.
 */
final class SendQueue {

    /** Queued frames written per second after a (re)connect. */
    static final int BURST = 50;

    /** One frame, text or binary, as the socket's send call that writes it. */
    @FunctionalInterface
    private interface Frame {
        CompletableFuture<WebSocket> writeTo(WebSocket socket);
    }

    private final int maxQueued;
    private final ArrayDeque<Frame> queued = new ArrayDeque<>();
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

    SendQueue(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /**
     * Writes the text {@code frame} to {@code socket} when it is open ({@code socket} not {@code
     * null}) and nothing waits before it; queues it otherwise.
     *
     * @throws IllegalStateException when the queue is full
     */
    void send(WebSocket socket, String frame) {
        send(socket, text(frame));
    }

    /**
     * Writes the binary {@code frame} as {@link #send(WebSocket, String)} writes a text one.
     *
     * @throws IllegalStateException when the queue is full
     */
    void send(WebSocket socket, byte[] frame) {
        send(socket, binary(frame));
    }

    /** Writes the text {@code frame} after the sends already started on {@code socket}. */
    void write(WebSocket socket, String frame) {
        write(socket, text(frame));
    }

    /**
     * Writes up to {@link #BURST} queued frames to {@code socket}.
     *
     * @return whether frames still wait (flush again a second later)
     */
    boolean flush(WebSocket socket) {
        for (int i = 0; i < BURST && !queued.isEmpty(); i++) {
            write(socket, queued.poll());
        }
        return !queued.isEmpty();
    }

    /** The connection ended for good: what waits will never go out. */
    void clear() {
        queued.clear();
    }

    private void send(WebSocket socket, Frame frame) {
        if (socket == null || !queued.isEmpty()) {
            if (queued.size() >= maxQueued) {
                throw new IllegalStateException("not connected and " + maxQueued + " frames already wait");
            }
            queued.add(frame);
            return;
        }
        write(socket, frame);
    }

    private void write(WebSocket socket, Frame frame) {
        chain = chain.thenCompose(done -> frame.writeTo(socket))
                .<Void>thenApply(ws -> null)
                .exceptionally(failure -> null); // a dead socket reports itself through onError/onClose
    }

    private static Frame text(String frame) {
        return socket -> socket.sendText(frame, true);
    }

    private static Frame binary(byte[] frame) {
        return socket -> socket.sendBinary(ByteBuffer.wrap(frame), true);
    }
}
