package org.longconn.endpoint.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A decoded client frame. */
public sealed interface InboundFrame {

    /**
     * {@code {"type":"subscribe","id":"1","opTypes":["a.b","order.*"],"positions":{"a.b":"k3x-17"}}};
     * {@code positions} (optional, may be empty) holds the client's last position per opType to resume from;
     * {@code presence} (optional, may be empty) the opTypes whose members the client watches (PROTOCOL.md §18).
     */
    record Subscribe(String id, List<String> opTypes, Map<String, String> positions, Set<String> presence)
            implements InboundFrame {
        public Subscribe(String id, List<String> opTypes) {
            this(id, opTypes, Map.of());
        }

        public Subscribe(String id, List<String> opTypes, Map<String, String> positions) {
            this(id, opTypes, positions, Set.of());
        }
    }

    /** {@code {"type":"unsubscribe","id":"2","opTypes":["a.b"]}} */
    record Unsubscribe(String id, List<String> opTypes) implements InboundFrame {}

    /** {@code {"type":"ping"}}, optionally with an id echoed in the pong. */
    record Ping(String id) implements InboundFrame {}

    /** A bare text heartbeat such as {@code ping} or {@code heartbeat}, answered with bare {@code pong}. */
    record BareHeartbeat() implements InboundFrame {}

    /**
     * {@code {"type":"message","opType":"chat.send","data":{...}}}, data as JSON text; or a binary
     * message (PROTOCOL.md §3.7), its payload in {@code bytes} and {@code dataJson} {@code null}.
     */
    record Message(String opType, String dataJson, byte[] bytes) implements InboundFrame {
        public Message(String opType, String dataJson) {
            this(opType, dataJson, null);
        }
    }

    /**
     * {@code {"type":"call","id":"7","opType":"user.get","data":{...}}}, data as JSON text; or a
     * binary call (PROTOCOL.md §3.7), its payload in {@code bytes} and {@code dataJson} {@code null}.
     */
    record Call(String id, String opType, String dataJson, byte[] bytes) implements InboundFrame {
        public Call(String id, String opType, String dataJson) {
            this(id, opType, dataJson, null);
        }
    }

    /** {@code {"type":"refresh","id":"r1","token":"..."}}: a new token for a session that expires (PROTOCOL.md §16). */
    record Refresh(String id, String token) implements InboundFrame {}
}
