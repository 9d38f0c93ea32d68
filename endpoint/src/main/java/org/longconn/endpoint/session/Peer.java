package org.longconn.endpoint.session;

import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * Whom a client frame came from, and where its answers go: a socket's {@link GatewaySession}, or
 * one frame posted over polling, answered in its HTTP response.
 */
public interface Peer {

    /** The session id the application sees (a posted frame's lives for its request only). */
    String id();

    /** The user the handshake hook named, or {@code null}. */
    String userId();

    /**
     * Sends an answer to the peer (a pong, a subscription result, a call's reply).
     *
     * @return whether it was taken (a closing session or an answered request takes nothing more)
     */
    boolean send(OutboundFrame frame);

    /** Refuses a frame: {@code error} is the {@code error} frame for {@code code}. */
    default boolean refuse(ErrorCode code, OutboundFrame error) {
        return send(error);
    }
}
