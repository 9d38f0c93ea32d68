package org.longconn.bridge;

/** A client message or call could not be handed to the broker; the message says why. */
public class ForwardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ForwardException(String message, Throwable cause) {
        super(message, cause);
    }
}
