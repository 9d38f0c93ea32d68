package org.longconn.endpoint.cluster;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.longconn.endpoint.presence.ClusterPresence;

/**
 * What the nodes say to each other on the control channel, as JSON text (docs/BUS.md, "Control
 * channel"): {@code {"kind":"announce"|"leave"|"request"|"reply", ...}}.
 */
sealed interface ControlMessage {

    /**
     * Every few seconds from every node: it is alive, with this many sessions and subscriptions; and
     * in its run {@code presenceRun} it has sent presence messages up to {@code presenceSent}.
     */
    record Announce(String node, int sessions, int subscriptions, long startedAt, long presenceRun, long presenceSent)
            implements ControlMessage {

        /** An announcement without presence (a node that never sent a presence message). */
        Announce(String node, int sessions, int subscriptions, long startedAt) {
            this(node, sessions, subscriptions, startedAt, 0, 0);
        }
    }

    /** A presence message (docs/BUS.md, "Presence"), handed to {@link ClusterPresence} as it came. */
    record Presence(JsonObject body) implements ControlMessage {}

    /** A node stops: drop it from the list at once rather than by expiry. */
    record Leave(String node) implements ControlMessage {}

    /**
     * Asks every node to act or count: {@code action} ({@value ClusterControl#DISCONNECT_USER},
     * {@value ClusterControl#DISCONNECT_SESSION}, {@value ClusterControl#DRAIN}, {@value
     * ClusterControl#COUNT_USER_SESSIONS}, {@value ClusterControl#COUNT_SUBSCRIBERS}) on {@code
     * target}, with the disconnect's code, reason and reconnect advice for the disconnects (0, ""
     * and false otherwise), and the opType of the subscription actions in {@code argument}.
     */
    record Request(
            String id,
            String from,
            String action,
            String target,
            int code,
            String reason,
            boolean reconnect,
            String argument)
            implements ControlMessage {

        /** A request without an argument. */
        Request(String id, String from, String action, String target, int code, String reason, boolean reconnect) {
            this(id, from, action, target, code, reason, reconnect, "");
        }
    }

    /**
     * A node's copy of the users' server-made subscriptions ({@code users}: user → opTypes), sent
     * to node {@code to} when it joins.
     */
    record Subscriptions(String to, String node, Map<String, List<String>> users) implements ControlMessage {}

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
                    .add("presenceRun", a.presenceRun())
                    .add("presenceSent", a.presenceSent())
                    .build()
                    .toString();
        }
        if (this instanceof Presence p) {
            return p.body().toString();
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
                    .add("argument", r.argument())
                    .build()
                    .toString();
        }
        if (this instanceof Subscriptions c) {
            JsonObjectBuilder users = Json.createObjectBuilder();
            c.users().forEach((user, opTypes) -> users.add(user, Json.createArrayBuilder(opTypes)));
            return Json.createObjectBuilder()
                    .add("kind", "subscriptions")
                    .add("to", c.to())
                    .add("node", c.node())
                    .add("users", users)
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
                            o.getJsonNumber("startedAt").longValue(),
                            longOr(o, "presenceRun"),
                            longOr(o, "presenceSent"));
                case "leave" -> new Leave(o.getString("node"));
                case "request" ->
                    new Request(
                            o.getString("id"),
                            o.getString("from"),
                            o.getString("action"),
                            o.getString("target"),
                            o.getInt("code"),
                            o.getString("reason"),
                            o.getBoolean("reconnect"),
                            o.getString("argument", ""));
                case "subscriptions" -> {
                    Map<String, List<String>> users = new HashMap<>();
                    o.getJsonObject("users")
                            .forEach((user, opTypes) -> users.put(
                                    user,
                                    opTypes.asJsonArray().getValuesAs(JsonString.class).stream()
                                            .map(JsonString::getString)
                                            .toList()));
                    yield new Subscriptions(o.getString("to"), o.getString("node"), users);
                }
                case "reply" -> new Reply(o.getString("id"), o.getString("to"), o.getString("node"), o.getInt("count"));
                default -> {
                    if (ClusterPresence.handles(kind)) {
                        yield new Presence(o);
                    }
                    throw new IllegalArgumentException("unknown kind '" + kind + "'");
                }
            };
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a control message: " + e.getMessage(), e);
        }
    }

    /** A number member that older nodes do not send: 0 when absent. */
    private static long longOr(JsonObject o, String name) {
        return o.containsKey(name) ? o.getJsonNumber(name).longValue() : 0;
    }
}
