package org.longconn.api.event;

/**
 * One opType or pattern of a poll on the HTTP polling transport, fired synchronously with the
 * qualifier {@link org.longconn.api.OpType @OpType(value)} where value is the polled string, once
 * per poll request, after the {@link SubscriptionRequest} checks admitted it and before the poll
 * is answered or starts to wait. It is the polling counterpart of a client asking "anything new
 * for me?": an observer may push in answer with {@link org.longconn.api.push.Pusher}.
 *
 * <p>Such a push travels through the bus like any other, so it reaches the client whichever node
 * answers the poll: in this poll's answer when the poll waits (a push wakes it), else in the
 * next poll's. To reach only this client, push to its user; a poll has no session, so a
 * session-targeted push never reaches it.
 *
 * <pre>{@code
 * void onPoll(@Observes @OpType("inbox.new") PollRequest poll) {
 *     if (poll.userId() != null && poll.position() == null) {
 *         pusher.pushToUser(poll.userId(), "inbox.new", inbox.unreadCount(poll.userId()));
 *     }
 * }
 * }</pre>
 */
public interface PollRequest {

    /** Identifies this one poll request (it is not a session: the next poll has another id). */
    String pollId();

    /** The user the {@link HandshakeRequest} hook set for this request, or {@code null} when anonymous. */
    String userId();

    /** The polled opType or pattern (already checked). */
    String opType();

    /** Whether the polled opType is a pattern ({@code *} or {@code #} segments). */
    boolean isPattern();

    /**
     * The position the client continues from, as it sent it (possibly one the node cannot
     * recover from), or {@code null} on its first poll for this opType.
     */
    String position();
}
