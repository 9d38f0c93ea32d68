package org.longconn.api.push;

import java.util.concurrent.CompletionStage;

/**
 * Pushes messages to connected clients. Inject it anywhere in the gateway's application:
 *
 * <pre>{@code
 * @Inject Pusher pusher;
 *
 * pusher.push("order.created", new OrderCreated(42));          // every subscriber
 * pusher.pushToUser("alice", "inbox.new", Map.of("unread", 3)); // alice's subscribed sessions
 * }</pre>
 *
 * <p>A push goes through the gateway's bus, so every gateway node delivers it to its own
 * matching sessions, and a push made on one node follows the same path, and the same order, as a
 * push published by any other service. Calls return once the bus has accepted the push (they wait
 * for the broker's confirmation, at most 10 s); {@link #pushAsync} returns at once, for callers
 * that must not wait, such as code on a WebSocket or request thread. Delivery to each session is
 * asynchronous either way. A session only receives pushes for opTypes it subscribed to.
 *
 * <p>Inside a JTA transaction (an EJB's, a {@code @Transactional} bean's) a push waits for the
 * transaction: it is published right after the commit, in the order the pushes were made, and
 * discarded on rollback. The synchronous calls then return at once, after checking the push;
 * {@link #pushAsync} completes once the bus accepted it after the commit, or exceptionally with a
 * {@link PushException} when it was discarded. The guarantee is "after commit, at most once"
 * (docs/BUS.md, "From a transaction", has the exactly-once alternative).
 *
 * <p>Objects are serialized to JSON with JSON-B once per push, not once per recipient.
 */
public interface Pusher {

    /**
     * Hands {@code push} to the bus.
     *
     * @throws PushException if the bus cannot accept it
     */
    void push(Push push);

    /**
     * Hands {@code push} to the bus without waiting for it. Pushes of one caller reach the bus in
     * the order of the calls.
     *
     * @return completes once the bus has accepted the push, or exceptionally with a {@link
     *     PushException} when it did not
     * @throws IllegalArgumentException if the push is invalid (bad opType, JSON that is not one
     *     value)
     * @throws PushOverloadException if too many pushes of this node wait for the broker: retry
     *     shortly
     * @throws PushException if the bus cannot take it now (e.g. the broker is away)
     */
    CompletionStage<Void> pushAsync(Push push);

    /**
     * Pushes {@code data}, serialized with JSON-B, to every subscriber of {@code opType}.
     *
     * @throws IllegalArgumentException if {@code opType} is not a valid exact opType
     * @throws PushException if the bus cannot accept it
     */
    void push(String opType, Object data);

    /** Pushes {@code data} as JSON to the sessions of {@code userId} subscribed to {@code opType}. */
    void pushToUser(String userId, String opType, Object data);

    /** Pushes {@code data} as JSON to session {@code sessionId} if it subscribed to {@code opType}. */
    void pushToSession(String sessionId, String opType, Object data);

    /** Pushes {@code bytes} as a binary frame to every subscriber of {@code opType}. */
    default void pushBinary(String opType, byte[] bytes) {
        push(Push.of(opType, new PushPayload.Binary(bytes)));
    }
}
