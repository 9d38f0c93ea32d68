package org.longconn.endpoint.protocol;

import java.util.Map;
import java.util.SortedMap;

/** The frames of presence (PROTOCOL.md §18): a snapshot of an opType's members, then joins and leaves. */
public final class PresenceFrames {

    private PresenceFrames() {}

    /**
     * {@code {"type":"presence","opType":...,"users":n,"sessions":n,"complete":bool,"members":[...]}}:
     * the first {@code maxListed} of {@code members} (user → sessions, in user order), and the
     * counts of all of them.
     */
    public static OutboundFrame snapshot(String opType, SortedMap<String, Integer> members, int maxListed) {
        int sessions = 0;
        for (int count : members.values()) {
            sessions += count;
        }
        int listed = Math.min(maxListed, members.size());
        StringBuilder out = new StringBuilder(96 + 32 * listed).append("{\"type\":\"presence\",\"opType\":");
        JsonText.quote(out, opType)
                .append(",\"users\":")
                .append(members.size())
                .append(",\"sessions\":")
                .append(sessions)
                .append(",\"complete\":")
                .append(listed == members.size())
                .append(",\"members\":[");
        int written = 0;
        for (Map.Entry<String, Integer> member : members.entrySet()) {
            if (written == listed) {
                break;
            }
            if (written++ > 0) {
                out.append(',');
            }
            JsonText.quote(out.append("{\"user\":"), member.getKey())
                    .append(",\"sessions\":")
                    .append(member.getValue())
                    .append('}');
        }
        return OutboundFrame.text(out.append("]}").toString());
    }

    /** {@code {"type":"join","opType":...,"user":...,"sessions":n}} */
    public static OutboundFrame join(String opType, String user, int sessions) {
        StringBuilder out = new StringBuilder(64).append("{\"type\":\"join\",\"opType\":");
        JsonText.quote(out, opType).append(",\"user\":");
        JsonText.quote(out, user).append(",\"sessions\":").append(sessions);
        return OutboundFrame.text(out.append('}').toString());
    }

    /** {@code {"type":"leave","opType":...,"user":...}} */
    public static OutboundFrame leave(String opType, String user) {
        StringBuilder out = new StringBuilder(64).append("{\"type\":\"leave\",\"opType\":");
        JsonText.quote(out, opType).append(",\"user\":");
        JsonText.quote(out, user);
        return OutboundFrame.text(out.append('}').toString());
    }
}
