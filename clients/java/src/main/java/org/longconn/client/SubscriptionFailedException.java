package org.longconn.client;

/** The server refused a subscription; the code is one of docs/PROTOCOL.md's. */
public class SubscriptionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String opType;
    private final String code;

    public SubscriptionFailedException(String opType, String code, String message) {
        super("subscription to '" + opType + "' failed: " + code + ": " + message);
        this.opType = opType;
        this.code = code;
    }

    public String opType() {
        return opType;
    }

    /** e.g. {@code subscription_denied}, {@code invalid_op_type}, {@code too_many_subscriptions}. */
    public String code() {
        return code;
    }
}
