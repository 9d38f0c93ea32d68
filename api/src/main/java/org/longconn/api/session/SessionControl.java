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

    /**
     * Subscribes {@code userId} to {@code opTypeOrPattern} on the application's behalf (PROTOCOL.md
     * §17), on every node: the user's sessions now, and every session the user opens later, until
     * {@link #unsubscribeUser}. Each session checks it like a client's subscribe (the {@code
     * SubscriptionRequest} observers included) and tells its client in a {@code subscribed} frame
     * marked {@code server}; the SDKs then hold it like their own. Kept in the memory of the running
     * nodes (copied to a node that joins): lost when every node stops, so make it again where the
     * user logs in, or with {@link org.longconn.api.event.HandshakeRequest#subscribe}.
     *
     * @return completes as {@link #disconnectEverywhere} does, with the sessions each node subscribed
     * @throws IllegalArgumentException when {@code opTypeOrPattern} is not a valid opType or pattern
     */
    default CompletionStage<ClusterOutcome> subscribeUser(String userId, String opTypeOrPattern) {
        throw new UnsupportedOperationException(
                "subscribeUser is not supported by " + getClass().getName());
    }

    /** Takes back {@link #subscribeUser} on every node: the user's sessions get {@code unsubscribed} marked {@code server}. */
    default CompletionStage<ClusterOutcome> unsubscribeUser(String userId, String opTypeOrPattern) {
        throw new UnsupportedOperationException(
                "unsubscribeUser is not supported by " + getClass().getName());
    }

    /**
     * Subscribes one session, wherever in the cluster it is connected, as {@link #subscribeUser}
     * does for a user's; only that session, which ends with its connection.
     */
    default CompletionStage<ClusterOutcome> subscribeSession(String sessionId, String opTypeOrPattern) {
        throw new UnsupportedOperationException(
                "subscribeSession is not supported by " + getClass().getName());
    }

    /** Unsubscribes one session, wherever it is connected. */
    default CompletionStage<ClusterOutcome> unsubscribeSession(String sessionId, String opTypeOrPattern) {
        throw new UnsupportedOperationException(
                "unsubscribeSession is not supported by " + getClass().getName());
    }
}
