package org.longconn.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's {@code presence}, {@code join} and {@code leave} frames (PROTOCOL.md §18) as {@link
 * PresenceView}s: a snapshot makes a view, and each change makes the next view from the one held.
 */
final class PresenceFrames {

    private PresenceFrames() {}

    /** A {@code presence} frame: the whole view, replacing any held. */
    static PresenceView snapshot(JsonObject frame) {
        Map<String, Integer> members = new TreeMap<>();
        JsonArray listed = frame.getJsonArray("members");
        if (listed != null) {
            for (JsonValue value : listed) {
                JsonObject member = value.asJsonObject();
                members.put(member.getString("user"), Math.max(0, member.getInt("sessions", 1)));
            }
        }
        return new PresenceView(
                frame.getString("opType"),
                members,
                Math.max(0, frame.getInt("users", members.size())),
                Math.max(
                        0,
                        frame.getInt(
                                "sessions",
                                members.values().stream().mapToInt(n -> n).sum())),
                frame.getBoolean("complete", true),
                PresenceChange.SNAPSHOT);
    }

    /**
     * A {@code join} or {@code leave} frame applied to {@code held}: a join adds its user with its
     * sessions, a leave removes its user, and the counts follow; never below zero.
     */
    static PresenceView changed(PresenceView held, JsonObject frame) {
        String user = frame.getString("user");
        Map<String, Integer> members = new TreeMap<>(held.members());
        Integer before = members.remove(user);
        int users = held.users();
        int sessions = held.sessions();
        PresenceChange change;
        if ("join".equals(frame.getString("type"))) {
            int count = Math.max(0, frame.getInt("sessions", 1));
            members.put(user, count);
            // A user already listed (a repeated join) is counted once, with its new session count.
            users += before == null ? 1 : 0;
            sessions += count - (before == null ? 0 : before);
            change = new PresenceChange(PresenceChange.Kind.JOIN, user);
        } else {
            // Not listed: a member an incomplete snapshot left out (counted, with sessions unknown),
            // or, in a complete one, a user the counts never had.
            users -= before != null || !held.complete() ? 1 : 0;
            sessions -= before == null ? 0 : before;
            change = new PresenceChange(PresenceChange.Kind.LEAVE, user);
        }
        return new PresenceView(
                held.opType(), members, Math.max(0, users), Math.max(0, sessions), held.complete(), change);
    }
}
