package org.longconn.endpoint.cluster;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * What the nodes say to each other on the control channel, as JSON text (docs/BUS.md, "Control
 * channel"): {@code {"kind":"announce"|"leave"|"request"|"reply", ...}}.
 */
sealed interface ControlMessage {

    /** Every few seconds from every node: it is alive, with this many sessions and subscriptions. */
    record Announce(String node, int sessions, int subscriptions, long startedAt) implements ControlMessage {}

    /** A node stops: drop it from the list at once rather than by expiry. */
    record Leave(String node) implements ControlMessage {}

    /**
     * Asks every node to act or count: {@code action} ({@value ClusterControl#DISCONNECT_USER},
     * {@value ClusterControl#DISCONNECT_SESSION}, {@value ClusterControl#DRAIN}, {@value
     * ClusterControl#COUNT_USER_SESSIONS}, {@value ClusterControl#COUNT_SUBSCRIBERS}) on {@code
     * target}, with the disconnect's code, reason and reconnect advice for the disconnects (0, ""
     * and false otherwise).
     */
    record Request(String id, String from, String action, String target, int code, String reason, boolean reconnect)
            implements ControlMessage {}

    /** One node's answer to request {@code id} of node {@code to}: it acted on {@code count} sessions. */
    record Reply(String id, String to, String node, int count) implements ControlMessage {}

    /** This message as JSON. */
    default String json() {
        if (this instanceof Announce a) {
            return Json.createObjectBuilder()
                    .add("kind", "announce")
                    .add("node", a.node())
                    .add("sessions", a.sessions())
                    .add("subscriptions", a.subscriptions())
                    .add("startedAt", a.startedAt())
                    .build()
                    .toString();
        }
        if (this instanceof Leave l) {
            return Json.createObjectBuilder()
                    .add("kind", "leave")
                    .add("node", l.node())
                    .build()
                    .toString();
        }
        if (this instanceof Request r) {
            return Json.createObjectBuilder()
                    .add("kind", "request")
                    .add("id", r.id())
                    .add("from", r.from())
                    .add("action", r.action())
                    .add("target", r.target())
                    .add("code", r.code())
                    .add("reason", r.reason())
                    .add("reconnect", r.reconnect())
                    .build()
                    .toString();
        }
        Reply r = (Reply) this;
        return Json.createObjectBuilder()
                .add("kind", "reply")
                .add("id", r.id())
                .add("to", r.to())
                .add("node", r.node())
                .add("count", r.count())
                .build()
                .toString();
    }

    /**
     * Reads one control message.
     *
     * @throws IllegalArgumentException when {@code json} is not one (another version's kind, a
     *     missing field): the caller logs and drops it
     */
    static ControlMessage parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            String kind = o.getString("kind");
            return switch (kind) {
                case "announce" ->
                    new Announce(
                            o.getString("node"),
                            o.getInt("sessions"),
                            o.getInt("subscriptions", 0),
                            o.getJsonNumber("startedAt").longValue());
                case "leave" -> new Leave(o.getString("node"));
                case "request" ->
                    new Request(
                            o.getString("id"),
                            o.getString("from"),
                            o.getString("action"),
                            o.getString("target"),
                            o.getInt("code"),
                            o.getString("reason"),
                            o.getBoolean("reconnect"));
                case "reply" -> new Reply(o.getString("id"), o.getString("to"), o.getString("node"), o.getInt("count"));
                default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
            };
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a control message: " + e.getMessage(), e);
        }
    }
}
