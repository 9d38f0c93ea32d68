package org.longconn.api.push;

/**
 * Thrown, at once, when a publisher already has as many pushes waiting for the broker's
 * confirmation as it allows: back-pressure instead of an unbounded queue. Nothing was sent; retry
 * the push a little later (the HTTP API answers 503 with {@code Retry-After}).
 */
public class PushOverloadException extends PushException {
    private static final long serialVersionUID = 1L;

    /** @param message how many pushes are waiting and what to do */
    public PushOverloadException(String message) {
        super(message);
    }
}
