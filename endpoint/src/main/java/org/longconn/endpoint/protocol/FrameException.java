package org.longconn.endpoint.protocol;

/** An inbound frame the gateway cannot accept, with the error to send back. */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String requestId;

    public FrameException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request id of the offending frame when it could be read, else {@code null}. */
    public String requestId() {
        return requestId;
    }
}
