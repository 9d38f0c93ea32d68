package org.longconn.endpoint.protocol;

/**
 * The answer for one opType of a subscribe or unsubscribe request.
 *
 * @param opType the opType or pattern as requested
 * @param error {@code null} on success
 * @param message why it failed, {@code null} on success
 */
public record SubscriptionResult(String opType, ErrorCode error, String message) {

    public static SubscriptionResult ok(String opType) {
        return new SubscriptionResult(opType, null, null);
    }

    public static SubscriptionResult failed(String opType, ErrorCode error, String message) {
        return new SubscriptionResult(opType, error, message);
    }

    public boolean isOk() {
        return error == null;
    }
}
