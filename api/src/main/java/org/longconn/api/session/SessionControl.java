package org.longconn.api.session;

/**
 * Server-side disconnects. Inject it where the application decides a client must go, for
 * example when a user logs out elsewhere or is banned.
 *
 * <pre>{@code
 * sessions.disconnectUser("alice", Disconnect.stop(4601, "logged out"));
 * }</pre>
 *
 * <p>The client first receives a {@code disconnect} frame carrying the code, reason and
 * reconnect advice, so that it can tell a final goodbye from a network drop, then the close frame.
 * These methods act on the sessions held by this gateway node.
 */
public interface SessionControl {

    /**
     * Disconnects one session.
     *
     * @return {@code true} if the session was open on this node and not already closing
     */
    boolean disconnect(String sessionId, Disconnect disconnect);

    /**
     * Disconnects every session of {@code userId} on this node.
     *
     * @return how many sessions were disconnected
     */
    int disconnectUser(String userId, Disconnect disconnect);

    /** How many sessions are open on this node. */
    int openSessions();
}
