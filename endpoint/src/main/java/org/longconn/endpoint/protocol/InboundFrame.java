package org.longconn.endpoint.protocol;

import java.util.List;

/** A decoded client frame. */
public sealed interface InboundFrame {

    /** {@code {"type":"subscribe","id":"1","opTypes":["a.b","order.*"]}} */
    record Subscribe(String id, List<String> opTypes) implements InboundFrame {}

    /** {@code {"type":"unsubscribe","id":"2","opTypes":["a.b"]}} */
    record Unsubscribe(String id, List<String> opTypes) implements InboundFrame {}

    /** {@code {"type":"ping"}}, optionally with an id echoed in the pong. */
    record Ping(String id) implements InboundFrame {}

    /** A bare text heartbeat such as {@code ping} or {@code heartbeat}, answered with bare {@code pong}. */
    record BareHeartbeat() implements InboundFrame {}

    /** {@code {"type":"message","opType":"chat.send","data":{...}}}; data as JSON text. */
    record Message(String opType, String dataJson) implements InboundFrame {}

    /** {@code {"type":"call","id":"7","opType":"user.get","data":{...}}}; data as JSON text. */
    record Call(String id, String opType, String dataJson) implements InboundFrame {}
}
