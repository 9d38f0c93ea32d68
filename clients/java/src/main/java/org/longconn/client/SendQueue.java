package org.longconn.client;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The client's frames on their way to the server. The JDK's WebSocket takes one send at a time,
 * so the sends of a connection are chained; frames sent while the client is not connected wait
 * here, at most {@code maxQueued}, and go out after the next welcome, at most {@link #BURST} a
 * second, because the server refuses frames beyond its rate (100 a second by default) and they
 * would be lost. Used under the client's lock.
 */
final class SendQueue {

    /** Queued frames written per second after a (re)connect. */
    static final int BURST = 50;

    private final int maxQueued;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

    SendQueue(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /**
     * Writes {@code frame} to {@code socket} when it is open ({@code socket} not {@code null}) and
     * nothing waits before it; queues it otherwise.
     *
     * @throws IllegalStateException when the queue is full
     */
    void send(WebSocket socket, String frame) {
        if (socket == null || !queued.isEmpty()) {
            if (queued.size() >= maxQueued) {
                throw new IllegalStateException("not connected and " + maxQueued + " frames already wait");
            }
            queued.add(frame);
            return;
        }
        write(socket, frame);
    }

    /** Writes {@code frame} after the sends already started on {@code socket}. */
    void write(WebSocket socket, String frame) {
        chain = chain.thenCompose(done -> socket.sendText(frame, true))
                .<Void>thenApply(ws -> null)
                .exceptionally(failure -> null); // a dead socket reports itself through onError/onClose
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
}
