package org.longconn.client;

import java.io.IOException;

/**
 * What the server sent breaks RFC 6455 or permessage-deflate, so {@link DeflatingWebSocket} fails
 * the connection: it sends a close frame with {@link #code()} (1002 protocol error, 1007 bad data,
 * 1009 too big) before closing the socket, as the RFC asks, and tells the listener {@code onError}.
 */
final class ProtocolFailure extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    ProtocolFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The close code to send the server. */
    int code() {
        return code;
    }
}
