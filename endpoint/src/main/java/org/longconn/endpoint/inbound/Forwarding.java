package org.longconn.endpoint.inbound;

import org.longconn.endpoint.session.Peer;

/**
 * Where client messages and calls of remote opTypes go instead of CDI observers: services outside
 * the gateway, reached through the broker. {@link #NONE} forwards nothing.
 */
public interface Forwarding {

    /** Forwards nothing: every opType is handled by the application's observers. */
    Forwarding NONE = new Forwarding() {
        @Override
        public boolean handles(String opType) {
            return false;
        }

        @Override
        public void message(Peer peer, String opType, String dataJson) {
            throw new IllegalStateException("nothing is forwarded");
        }

        @Override
        public void call(CallEvent call) {
            throw new IllegalStateException("nothing is forwarded");
        }
    };

    /** Whether {@code opType} belongs to an outside service. */
    boolean handles(String opType);

    /**
     * Forwards a client message.
     *
     * @throws org.longconn.bridge.ForwardException when the broker did not take it
     */
    void message(Peer peer, String opType, String dataJson);

    /** Forwards a client call; the answer (or a failure) comes back through the call itself. */
    void call(CallEvent call);
}
