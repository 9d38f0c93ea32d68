package org.longconn.endpoint.web;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.glassfish.tyrus.core.TyrusFuture;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.glassfish.tyrus.core.frame.Frame;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.Transport;

/**
 * The fast {@link Transport} on Tyrus (GlassFish): writes the frame bytes that
 * {@link OutboundFrame} built once per push straight to the connection with
 * {@link TyrusWebSocket#sendRawFrame}, the way Tyrus's own broadcast does, so a push is neither
 * encoded nor framed again per session. Frames of one batch go out in one gathering write.
 *
 * <p>Used only for sessions without negotiated extensions (a compressing extension would need
 * each frame transformed per session); {@link WritePath} decides. Raw writes go through the same
 * per-connection lock and writer as the container's own sends, so order is kept against the
 * frames the container writes itself (pongs to control pings, the close frame).
 */
final class TyrusFrameTransport implements Transport, BiConsumer<Frame, Throwable> {

    private final WebSocketTransport portable;
    private final TyrusWebSocket socket;
    private final Session session;
    /**
     * The connection to drop when the peer stops reading, read at the first close or drop: not
     * when the session opens (the servlet connection is not yet set then), and never after the
     * first close (the request objects on the way there are then recycled for other connections).
     */
    private TyrusConnections.Connection connection;
    /** The callback of the one write in flight (the outbox never starts two). */
    private volatile SendCallback pending;

    /** A transport for {@code session} (a Tyrus session), or {@code null} when its socket is out of reach. */
    static Transport create(Session session) {
        TyrusWebSocket socket = TyrusConnections.socketOf(session);
        return socket == null ? null : new TyrusFrameTransport(session, socket);
    }

    /** Why the frame-once path cannot serve {@code session}, or {@code null} when it can. */
    static String problem(Session session) {
        TyrusWebSocket socket = TyrusConnections.socketOf(session);
        if (socket == null) {
            return "this Tyrus has no reachable TyrusWebSocket under its sessions (a version the gateway does not know)";
        }
        if (!CompletableFuture.class.isAssignableFrom(TyrusFuture.class)) {
            return "this Tyrus's write futures are not CompletableFutures";
        }
        return null;
    }

    private TyrusFrameTransport(Session session, TyrusWebSocket socket) {
        this.session = session;
        this.portable = new WebSocketTransport(session);
        this.socket = socket;
    }

    @Override
    public void send(OutboundFrame[] frames, int count, SendCallback callback) {
        ByteBuffer bytes = count == 1 ? ByteBuffer.wrap(frames[0].wire()) : gather(frames, count);
        pending = callback;
        Future<Frame> written = socket.sendRawFrame(bytes);
        if (written instanceof CompletableFuture<Frame> completion) {
            if (completion.isDone()) {
                // The usual case (the socket took the bytes at once): report it without the
                // allocations of whenComplete. Inline, which the outbox knows how to take.
                accept(null, completion.isCompletedExceptionally() ? failureOf(completion) : null);
            } else {
                completion.whenComplete(this);
            }
        } else {
            accept(
                    null,
                    new IllegalStateException(
                            "Tyrus returned a " + written.getClass().getName()
                                    + " for a raw frame, not a CompletableFuture; set longconn.writePath=portable"));
        }
    }

    private static Throwable failureOf(CompletableFuture<Frame> failed) {
        try {
            failed.join();
            return new IllegalStateException("write reported as failed without a cause");
        } catch (CompletionException | CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** One buffer holding several frames back to back: one write, one syscall, for all. */
    private static ByteBuffer gather(OutboundFrame[] frames, int count) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += frames[i].wire().length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            byte[] wire = frames[i].wire();
            System.arraycopy(wire, 0, all, at, wire.length);
            at += wire.length;
        }
        return ByteBuffer.wrap(all);
    }

    /** The end of the write in flight. */
    @Override
    public void accept(Frame frame, Throwable failure) {
        SendCallback callback = pending;
        pending = null;
        if (callback != null) {
            callback.completed(failure);
        }
    }

    @Override
    public void close(int code, String reason) {
        connection();
        portable.close(code, reason);
    }

    /** Drops the TCP connection (Grizzly's terminate), failing what is still queued for it. */
    @Override
    public void abort() {
        TyrusConnections.Connection dropping = connection();
        if (dropping != null) {
            dropping.terminate();
        }
        // Also tells the container and the endpoint that the session is over.
        portable.abort();
    }

    private synchronized TyrusConnections.Connection connection() {
        if (connection == null && session.isOpen()) {
            connection = TyrusConnections.of(socket);
        }
        return connection;
    }
}
