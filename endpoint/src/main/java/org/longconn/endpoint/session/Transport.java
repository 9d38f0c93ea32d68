package org.longconn.endpoint.session;

import java.nio.ByteBuffer;

/**
 * The socket under a session, reduced to what the gateway needs. Implementations must not block
 * in {@link #sendText} or {@link #sendBinary}: they start an asynchronous write and report its end
 * through the callback, possibly on the calling thread.
 */
public interface Transport {

    /** Starts writing a text frame. */
    void sendText(String text, SendCallback callback);

    /** Starts writing a binary frame. */
    void sendBinary(ByteBuffer data, SendCallback callback);

    /** Sends a close frame with {@code code} and {@code reason} and closes. May block briefly. */
    void close(int code, String reason);

    /** Completion of one write. */
    @FunctionalInterface
    interface SendCallback {
        /** @param failure {@code null} when the frame was written */
        void completed(Throwable failure);
    }
}
