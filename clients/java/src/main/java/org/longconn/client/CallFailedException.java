package org.longconn.client;

/** A call answered with an error: the application's code or one of the gateway's (docs/PROTOCOL.md). */
public class CallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public CallFailedException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** e.g. {@code no_handler}, {@code timeout}, {@code not_connected}, or an application code. */
    public String code() {
        return code;
    }
}
