package org.longconn.bench.baseline;

import java.util.List;
import java.util.UUID;

/**
 * The baseline's frames, shaped and sized like the gateway's (docs/PROTOCOL.md §4), so that a
 * push of the same payload costs the same bytes on the wire in both servers.
 */
final class Frames {

    private Frames() {
    }

    /** Like the gateway's {@code welcome} with its default settings (about the same length). */
    static String welcome() {
        return "{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"" + UUID.randomUUID()
                + "\",\"userId\":null,\"heartbeatIntervalMs\":25000,\"idleTimeoutMs\":60000,\"callTimeoutMs\":10000,"
                + "\"maxFrameBytes\":65536,\"maxSubscriptions\":100,\"maxOpTypeLength\":128}";
    }

    /** Every element accepted, with the position a node gives before it has seen a push. */
    static String subscribed(String id, List<String> opTypes) {
        StringBuilder out = new StringBuilder(64).append("{\"type\":\"subscribed\",\"id\":\"").append(id)
                .append("\",\"results\":[");
        for (int i = 0; i < opTypes.size(); i++) {
            out.append(i == 0 ? "" : ",").append("{\"opType\":\"").append(opTypes.get(i))
                    .append("\",\"ok\":true,\"position\":\"none-0\"}");
        }
        return out.append("]}").toString();
    }

    /**
     * {@code {"type":"push","opType":...,"ts":...,"pos":"<epoch>-<seq>","data":...}}: the gateway's
     * push frame. The epoch is made the way the gateway makes it (a random long in base 36), so
     * {@code pos} has the same length too. opTypes are plain ASCII in the benchmark: no escaping.
     */
    static String push(String opType, long timestamp, String position, String dataJson) {
        return new StringBuilder(64 + opType.length() + dataJson.length()).append("{\"type\":\"push\",\"opType\":\"")
                .append(opType).append("\",\"ts\":").append(timestamp).append(",\"pos\":\"").append(position)
                .append("\",\"data\":").append(dataJson).append('}').toString();
    }
}
