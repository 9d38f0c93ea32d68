package org.longconn.endpoint.inbound;

import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.OutboundFrame;

/** What a frame posted over polling came to: the content of its HTTP answer (PROTOCOL.md §15.2). */
public sealed interface PostedOutcome {

    /** A message the gateway took: there is nothing to answer. */
    record Accepted() implements PostedOutcome {}

    /** An answer: a {@code pong}, or a call's {@code reply}, successful or failed. */
    record Answered(OutboundFrame frame) implements PostedOutcome {}

    /** The frame was refused with {@code code}; {@code frame} is its {@code error} frame. */
    record Refused(ErrorCode code, OutboundFrame frame) implements PostedOutcome {}
}
