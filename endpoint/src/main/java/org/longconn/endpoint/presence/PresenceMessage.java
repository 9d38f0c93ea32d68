package org.longconn.endpoint.presence;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the nodes tell each other about their members on the control channel (docs/BUS.md,
 * "Presence"). Each node numbers its messages ({@code seq}, from 1 in each run of the node, whose
 * start is its {@code incarnation}), so that a receiver sees when it missed one and asks for the
 * node's whole table.
 */
sealed interface PresenceMessage {

    /** The kinds of control message that are presence messages. */
    String CHANGES = "presence";

    String TABLE = "presence-table";
    String SYNC = "presence-sync";

    /** Some of {@code node}'s counts changed: each is the node's count now (0 when none is left). */
    record Changes(String node, long incarnation, long seq, List<Count> counts) implements PresenceMessage {}

    /** One count of a node: its sessions of {@code user} on {@code opType}. */
    record Count(String opType, String user, int sessions) {}

    /** Node {@code node}'s whole table (opType → user → count) as of {@code seq}, for node {@code to}. */
    record Table(String node, long incarnation, long seq, String to, Map<String, Map<String, Integer>> entries)
            implements PresenceMessage {}

    /** Node {@code node} asks node {@code to} for its table. */
    record Sync(String node, String to) implements PresenceMessage {}

    /** Whether a control message of {@code kind} is a presence message. */
    static boolean isOne(String kind) {
        return CHANGES.equals(kind) || TABLE.equals(kind) || SYNC.equals(kind);
    }

    /** This message as JSON text. */
    default String json() {
        JsonObjectBuilder out = Json.createObjectBuilder();
        if (this instanceof Changes c) {
            JsonArrayBuilder counts = Json.createArrayBuilder();
            c.counts()
                    .forEach(count -> counts.add(Json.createObjectBuilder()
                            .add("opType", count.opType())
                            .add("user", count.user())
                            .add("sessions", count.sessions())));
            out.add("kind", CHANGES)
                    .add("node", c.node())
                    .add("incarnation", c.incarnation())
                    .add("seq", c.seq())
                    .add("counts", counts);
        } else if (this instanceof Table t) {
            JsonObjectBuilder entries = Json.createObjectBuilder();
            t.entries().forEach((opType, users) -> {
                JsonObjectBuilder counts = Json.createObjectBuilder();
                users.forEach(counts::add);
                entries.add(opType, counts);
            });
            out.add("kind", TABLE)
                    .add("node", t.node())
                    .add("incarnation", t.incarnation())
                    .add("seq", t.seq())
                    .add("to", t.to())
                    .add("entries", entries);
        } else {
            Sync s = (Sync) this;
            out.add("kind", SYNC).add("node", s.node()).add("to", s.to());
        }
        return out.build().toString();
    }

    /**
     * Reads a presence message.
     *
     * @throws IllegalArgumentException when {@code o} is not a valid one (a missing or mistyped
     *     member): the caller logs and drops it
     */
    static PresenceMessage parse(JsonObject o) {
        try {
            String kind = o.getString("kind");
            return switch (kind) {
                case CHANGES -> {
                    List<Count> counts = new ArrayList<>();
                    for (JsonValue value : o.getJsonArray("counts")) {
                        JsonObject count = value.asJsonObject();
                        counts.add(new Count(
                                count.getString("opType"), count.getString("user"), nonNegative(count, "sessions")));
                    }
                    yield new Changes(o.getString("node"), longOf(o, "incarnation"), longOf(o, "seq"), counts);
                }
                case TABLE -> {
                    Map<String, Map<String, Integer>> entries = new HashMap<>();
                    o.getJsonObject("entries").forEach((opType, users) -> {
                        Map<String, Integer> counts = new HashMap<>();
                        users.asJsonObject().forEach((user, count) -> {
                            int sessions = ((JsonNumber) count).intValueExact();
                            if (sessions > 0) {
                                counts.put(user, sessions);
                            }
                        });
                        entries.put(opType, counts);
                    });
                    yield new Table(
                            o.getString("node"),
                            longOf(o, "incarnation"),
                            longOf(o, "seq"),
                            o.getString("to"),
                            entries);
                }
                case SYNC -> new Sync(o.getString("node"), o.getString("to"));
                default -> throw new IllegalArgumentException("not a presence message: kind '" + kind + "'");
            };
        } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException("not a presence message: " + e, e);
        }
    }

    private static long longOf(JsonObject o, String name) {
        return o.getJsonNumber(name).longValueExact();
    }

    private static int nonNegative(JsonObject o, String name) {
        int value = o.getJsonNumber(name).intValueExact();
        if (value < 0) {
            throw new IllegalArgumentException("'" + name + "' must not be negative, got " + value);
        }
        return value;
    }
}
