package org.longconn.endpoint.poll;

import org.longconn.endpoint.protocol.ErrorCode;

/** A poll request the gateway refuses as a whole; answered with {@link #status()} and an error frame. */
public final class PollException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final int status;

    public PollException(ErrorCode code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
