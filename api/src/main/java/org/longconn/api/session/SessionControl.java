package org.longconn.api.session;

import java.util.concurrent.CompletionStage;

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
 *
 * <p>{@link #disconnect}, {@link #disconnectUser} and {@link #openSessions} act on the sessions
 * held by this gateway node. {@link #disconnectEverywhere} and {@link #disconnectUserEverywhere}
 * reach every node of the cluster through the bus (the nodes' control channel) and tell what each
 * node did:
 *
 * <pre>{@code
 * sessions.disconnectUserEverywhere("alice", Disconnect.stop(4601, "logged out"))
 *         .thenAccept(outcome -> log.info(outcome.total() + " sessions closed"));
 * }</pre>
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

    /**
     * Disconnects one session wherever in the cluster it is connected.
     *
     * @return completes when every node known to be alive answered (or after a few seconds with
     *     those that did not listed as unanswered): the node holding the session counts 1. Never
     *     completes exceptionally; on a node that is off the bus only this node acts.
     */
    CompletionStage<ClusterOutcome> disconnectEverywhere(String sessionId, Disconnect disconnect);

    /**
     * Disconnects every session of {@code userId} on every node of the cluster ("log this user
     * out everywhere").
     *
     * @return completes as {@link #disconnectEverywhere} does, with each node's count
     */
    CompletionStage<ClusterOutcome> disconnectUserEverywhere(String userId, Disconnect disconnect);
}
