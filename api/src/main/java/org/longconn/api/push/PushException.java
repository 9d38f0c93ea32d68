package org.longconn.api.push;

/**
 * Thrown when a push cannot be handed to the gateway's bus, so that a publisher never mistakes
 * a lost push for a delivered one. The message says what failed.
 */
public class PushException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and, where it helps, what to do about it */
    public PushException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the bus's own failure
     */
    public PushException(String message, Throwable cause) {
        super(message, cause);
    }
}
