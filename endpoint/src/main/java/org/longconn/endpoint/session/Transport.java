package org.longconn.endpoint.session;

import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * The socket under a session, reduced to what the gateway needs. Nothing outside the web layer
 * knows which container, or which write path, is behind it.
 */
public interface Transport {

    /**
     * Starts writing {@code frames[0..count)} in this order, as one write where the transport can
     * (a gathering write), and reports the end of all of them once through {@code callback},
     * possibly on the calling thread before this method returns. Must not block; the caller
     * starts at most one such write at a time and does not touch the array until the callback.
     */
    void send(OutboundFrame[] frames, int count, SendCallback callback);

    /** Sends a close frame with {@code code} and {@code reason} and closes. May block briefly. */
    void close(int code, String reason);

    /**
     * Drops the connection at once, without a close handshake, for a peer that no longer takes
     * what is written to it: a write still pending fails. Where the container offers no way to do
     * that, the transport closes as best it can.
     */
    void abort();

    /** Completion of one write. */
    @FunctionalInterface
    interface SendCallback {
        /** @param failure {@code null} when the frames were written */
        void completed(Throwable failure);
    }
}
