package org.longconn.api.event;

/**
 * Fired synchronously before a session is subscribed to an opType or pattern, with the qualifier
 * {@link org.longconn.api.OpType @OpType(value)} where value is the requested string. An observer
 * may {@link #deny(String) deny} it; the client then gets a failed result for that opType with
 * code {@code subscription_denied} and the reason, and its other opTypes are unaffected.
 */
public interface SubscriptionRequest {

    /** The session asking. */
    String sessionId();

    /** Its user, or {@code null} when anonymous. */
    String userId();

    /** The requested opType or pattern (already syntactically valid). */
    String opType();

    /** Whether the requested opType is a pattern ({@code *} or {@code #} segments). */
    boolean isPattern();

    /**
     * Whether the session also asks to watch the opType's members (PROTOCOL.md §18); deny to
     * refuse it. Asked again when a session asks presence for an opType it already holds.
     */
    default boolean presence() {
        return false;
    }

    /** Refuses the subscription; the first reason given is sent to the client. */
    void deny(String reason);

    /** Whether an observer denied it. */
    boolean isDenied();
}
