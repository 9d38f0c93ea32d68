package org.longconn.endpoint.protocol;

/**
 * The answer for one opType of a subscribe or unsubscribe request.
 *
 * @param opType the opType or pattern as requested
 * @param error {@code null} on success
 * @param message why it failed, {@code null} on success
 * @param position for a successful subscribe: this node's position when the subscription took
 *     effect (the client has everything up to it; {@code none-0} before any push was seen)
 * @param recovered for a subscribe that asked to resume: whether the missed pushes follow;
 *     {@code null} when no resume was asked
 * @param presence for a successful subscribe: whether the session watches the opType's members
 *     (its {@code presence} snapshot follows, PROTOCOL.md §18)
 */
public record SubscriptionResult(
        String opType, ErrorCode error, String message, String position, Boolean recovered, boolean presence) {

    public static SubscriptionResult ok(String opType) {
        return new SubscriptionResult(opType, null, null, null, null, false);
    }

    public static SubscriptionResult failed(String opType, ErrorCode error, String message) {
        return new SubscriptionResult(opType, error, message, null, null, false);
    }

    /** This successful result with the subscription's position and, when resumed, the outcome. */
    public SubscriptionResult at(String position, Boolean recovered) {
        return new SubscriptionResult(opType, error, message, position, recovered, presence);
    }

    /** This successful result, watching the opType's members. */
    public SubscriptionResult watching() {
        return new SubscriptionResult(opType, error, message, position, recovered, true);
    }

    public boolean isOk() {
        return error == null;
    }
}
