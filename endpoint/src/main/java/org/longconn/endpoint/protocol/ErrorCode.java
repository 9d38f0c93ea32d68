package org.longconn.endpoint.protocol;

/** The {@code code} values of {@code error} frames and failed results; see docs/PROTOCOL.md. */
public enum ErrorCode {
    /** The frame is not valid JSON, or not a JSON object. */
    BAD_JSON("bad_json"),
    /** A required field is missing or has the wrong type. */
    BAD_FRAME("bad_frame"),
    /** The {@code type} field names no frame of this protocol. */
    UNKNOWN_TYPE("unknown_type"),
    /** The frame is larger than the configured limit. */
    FRAME_TOO_LARGE("frame_too_large"),
    /** The client sent a binary frame; clients send text frames only. */
    BINARY_NOT_SUPPORTED("binary_not_supported"),
    /** The client sent frames faster than the configured rate. */
    RATE_LIMITED("rate_limited"),
    /** An opType or pattern is malformed or too long. */
    INVALID_OP_TYPE("invalid_op_type"),
    /** Presence was asked for a pattern; it is kept for exact opTypes (PROTOCOL.md §18). */
    INVALID_PRESENCE("invalid_presence"),
    /** The session already holds the maximum number of subscriptions. */
    TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions"),
    /** An application observer refused the subscription. */
    SUBSCRIPTION_DENIED("subscription_denied"),
    /** No handler observes calls of this opType. */
    NO_HANDLER("no_handler"),
    /** The handler did not answer within the call timeout. */
    TIMEOUT("timeout"),
    /** The handler threw an exception. */
    HANDLER_ERROR("handler_error"),
    /** The service behind a remote opType cannot be reached (the broker is away). */
    SERVICE_UNAVAILABLE("service_unavailable"),
    /**
     * A request of the polling transport is malformed (a bad query parameter), or posts a frame
     * that polling does not carry (subscriptions are sent with each poll).
     */
    BAD_REQUEST("bad_request"),
    /** A {@code refresh} was not accepted (PROTOCOL.md §16). */
    REFRESH_DENIED("refresh_denied"),
    /** The node holds as many waiting polls as it may; poll again after the {@code Retry-After} delay. */
    TOO_MANY_POLLS("too_many_polls"),
    /** The node is draining (or stopping): it takes no new sessions or polls; use another node. */
    NODE_UNAVAILABLE("node_unavailable"),
    /** The gateway failed unexpectedly while handling the frame; the session stays open. */
    INTERNAL_ERROR("internal_error");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as sent to clients. */
    public String wire() {
        return wire;
    }
}
