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
import org.longconn.endpoint.protocol.FrameDeflater;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.Transport;

/**
 * The fast {@link Transport} on Tyrus (GlassFish): writes the frame bytes that
 * {@link OutboundFrame} built once per push straight to the connection with
 * {@link TyrusWebSocket#sendRawFrame}, the way Tyrus's own broadcast does, so a push is neither
 * encoded nor framed again per session. Frames of one batch go out in one gathering write.
 *
 * <p>Used for sessions without negotiated extensions, and for those that negotiated
 * permessage-deflate, which get each frame's compressed form, made once for all of them; {@link
 * WritePath} decides. The frames go straight into the
 * write queue of the Grizzly connection under the session where its listener's filters pass bytes
 * on unchanged ({@link GrizzlyWriteQueue}), otherwise through Tyrus's raw frame send. Either way
 * they end in the one queue of the connection, whole frames each, beside the frames the container
 * writes itself (pongs to control pings, the close frame); once Tyrus has begun the close
 * handshake, nothing more is written.
 */
final class TyrusFrameTransport implements Transport, BiConsumer<Frame, Throwable> {

    /** Sends of a session that look for its Grizzly write queue before it goes through Tyrus for good. */
    private static final int QUEUE_ATTEMPTS = 3;

    private final WebSocketTransport portable;
    private final TyrusWebSocket socket;
    private final Session session;
    /** For a session that negotiated permessage-deflate, else {@code null}. */
    private final FrameDeflater deflater;
    /**
     * The connection under the session, read at one of the first sends or at the first close or
     * drop: not when the session opens (the servlet connection is not yet set then), and never
     * after the first close (the request objects on the way there are then recycled for other
     * connections).
     */
    private TyrusConnections.Connection connection;
    /** The callback of the one write in flight (the outbox never starts two). */
    private volatile SendCallback pending;
    /** Where frames go when it is reached: straight into the connection's Grizzly write queue. */
    private GrizzlyWriteQueue queue;

    private int queueAttempts;

    /**
     * A transport for {@code session} (a Tyrus session), or {@code null} when its socket is out of
     * reach; with {@code deflater} (the session negotiated permessage-deflate) it writes each
     * frame's compressed form, made once per frame for all its recipients.
     */
    static Transport create(Session session, FrameDeflater deflater) {
        TyrusWebSocket socket = TyrusConnections.socketOf(session);
        return socket == null ? null : new TyrusFrameTransport(session, socket, deflater);
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

    private TyrusFrameTransport(Session session, TyrusWebSocket socket, FrameDeflater deflater) {
        this.session = session;
        this.deflater = deflater;
        this.portable = new WebSocketTransport(session);
        this.socket = socket;
    }

    @Override
    public void send(OutboundFrame[] frames, int count, SendCallback callback) {
        byte[] bytes = count == 1 ? wireOf(frames[0]) : gather(frames, count);
        pending = callback;
        GrizzlyWriteQueue direct = queue();
        if (direct != null) {
            if (socket.isConnected()) {
                direct.write(bytes);
            } else {
                // As Tyrus does: nothing more is written once the close handshake has begun.
                accept(null, new IllegalStateException("the WebSocket is no longer connected"));
            }
            return;
        }
        Future<Frame> written = socket.sendRawFrame(ByteBuffer.wrap(bytes));
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

    /**
     * The connection's Grizzly write queue, looked for in the first few sends (the first may come
     * while the session still opens, before the servlet connection is there), or {@code null}:
     * the way through Tyrus. Called by the one writer of the session only.
     */
    private GrizzlyWriteQueue queue() {
        if (queue == null && queueAttempts < QUEUE_ATTEMPTS) {
            queueAttempts++;
            TyrusConnections.Connection reached = connection(true);
            if (reached != null) {
                queue = GrizzlyWriteQueue.of(reached.grizzly(), failure -> accept(null, failure));
                queueAttempts = QUEUE_ATTEMPTS; // reached: decided for good, either way
            }
        }
        return queue;
    }

    private static Throwable failureOf(CompletableFuture<Frame> failed) {
        try {
            failed.join();
            return new IllegalStateException("write reported as failed without a cause");
        } catch (CompletionException | CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** One array holding several frames back to back: one write, one syscall, for all. */
    private byte[] gather(OutboundFrame[] frames, int count) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += wireOf(frames[i]).length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            byte[] wire = wireOf(frames[i]);
            System.arraycopy(wire, 0, all, at, wire.length);
            at += wire.length;
        }
        return all;
    }

    /** The bytes of {@code frame} for this session: compressed (once per frame) when it negotiated deflate. */
    private byte[] wireOf(OutboundFrame frame) {
        return deflater == null ? frame.wire() : frame.deflatedWire(deflater);
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
        connection(false);
        portable.close(code, reason);
    }

    /** Drops the TCP connection (Grizzly's terminate), failing what is still queued for it. */
    @Override
    public void abort() {
        TyrusConnections.Connection dropping = connection(false);
        if (dropping != null) {
            dropping.terminate();
        }
        // Also tells the container and the endpoint that the session is over.
        portable.abort();
    }

    /** @param quiet whether a connection not reached yet is left unsaid in the log (it may still be opening) */
    private synchronized TyrusConnections.Connection connection(boolean quiet) {
        if (connection == null && session.isOpen()) {
            connection = quiet ? TyrusConnections.quietlyOf(socket) : TyrusConnections.of(socket);
        }
        return connection;
    }
}
