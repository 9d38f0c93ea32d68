package org.longconn.endpoint.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.longconn.api.bus.Position;
import org.longconn.api.push.PushPayload;
import org.longconn.api.session.Disconnect;

/**
 * Encodes server frames. JSON payloads supplied by the application are embedded verbatim as the
 * {@code data} member; they were produced by JSON-B or validated once when published.
 */
public final class FrameEncoder {

    /** The protocol version announced in {@code welcome}. */
    public static final int PROTOCOL_VERSION = 1;
    /** First byte of a binary push frame; lets later binary frame kinds coexist. */
    public static final byte BINARY_PUSH_KIND = 2;

    private FrameEncoder() {}

    /** What {@code welcome} tells the client about the session and its limits. */
    public record Welcome(
            String sessionId,
            String userId,
            long heartbeatIntervalMs,
            long idleTimeoutMs,
            long callTimeoutMs,
            int maxFrameBytes,
            int maxSubscriptions,
            int maxOpTypeLength,
            long expiresAtMs) {}

    public static OutboundFrame welcome(Welcome w) {
        StringBuilder out = new StringBuilder(192)
                .append("{\"type\":\"welcome\",\"protocol\":")
                .append(PROTOCOL_VERSION)
                .append(",\"sessionId\":");
        JsonText.quote(out, w.sessionId()).append(",\"userId\":");
        JsonText.quoteOrNull(out, w.userId())
                .append(",\"heartbeatIntervalMs\":")
                .append(w.heartbeatIntervalMs())
                .append(",\"idleTimeoutMs\":")
                .append(w.idleTimeoutMs())
                .append(",\"callTimeoutMs\":")
                .append(w.callTimeoutMs())
                .append(",\"maxFrameBytes\":")
                .append(w.maxFrameBytes())
                .append(",\"maxSubscriptions\":")
                .append(w.maxSubscriptions())
                .append(",\"maxOpTypeLength\":")
                .append(w.maxOpTypeLength());
        if (w.expiresAtMs() != 0) {
            out.append(",\"expiresAt\":").append(w.expiresAtMs());
        }
        return OutboundFrame.text(out.append('}').toString());
    }

    /** Asks the client for a new token before its session expires (PROTOCOL.md §16). */
    public static OutboundFrame refreshRequired(long expiresAtMs) {
        return OutboundFrame.text("{\"type\":\"refresh_required\",\"expiresAt\":" + expiresAtMs + '}');
    }

    /** The answer to an accepted {@code refresh}: the session's new expiry. */
    public static OutboundFrame refreshed(String id, long expiresAtMs) {
        StringBuilder out = new StringBuilder(64).append("{\"type\":\"refreshed\",\"id\":");
        return OutboundFrame.text(JsonText.quote(out, id)
                .append(",\"expiresAt\":")
                .append(expiresAtMs)
                .append('}')
                .toString());
    }

    public static OutboundFrame pong(String id) {
        if (id == null) {
            return PONG;
        }
        StringBuilder out = new StringBuilder(32).append("{\"type\":\"pong\",\"id\":");
        return OutboundFrame.text(JsonText.quote(out, id).append('}').toString());
    }

    /** Answer to a bare text heartbeat. */
    public static final OutboundFrame BARE_PONG = OutboundFrame.text("pong");

    private static final OutboundFrame PONG = OutboundFrame.text("{\"type\":\"pong\"}");

    /** Answer to subscribe ({@code type} "subscribed") or unsubscribe ("unsubscribed"). */
    public static OutboundFrame subscriptionResults(String type, String id, List<SubscriptionResult> results) {
        return subscriptionResults(type, id, results, false);
    }

    /**
     * A {@code subscribed} or {@code unsubscribed} frame; one the server made on its own
     * (PROTOCOL.md §17) has {@code "server":true} and no {@code id}.
     */
    public static OutboundFrame subscriptionResults(
            String type, String id, List<SubscriptionResult> results, boolean server) {
        StringBuilder out = new StringBuilder(64 + 48 * results.size()).append("{\"type\":");
        JsonText.quote(out, type);
        if (server) {
            out.append(",\"server\":true");
        } else {
            JsonText.quote(out.append(",\"id\":"), id);
        }
        out.append(",\"results\":[");
        appendResults(out, results);
        return OutboundFrame.text(out.append("]}").toString());
    }

    private static StringBuilder appendResults(StringBuilder out, List<SubscriptionResult> results) {
        for (int i = 0; i < results.size(); i++) {
            SubscriptionResult r = results.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"opType\":");
            JsonText.quote(out, r.opType()).append(",\"ok\":").append(r.isOk());
            if (!r.isOk()) {
                out.append(",\"code\":");
                JsonText.quote(out, r.error().wire()).append(",\"message\":");
                JsonText.quote(out, r.message());
            }
            if (r.position() != null) {
                JsonText.quote(out.append(",\"position\":"), r.position());
            }
            if (r.recovered() != null) {
                out.append(",\"recovered\":").append(r.recovered());
            }
            if (r.presence()) {
                out.append(",\"presence\":true");
            }
            out.append('}');
        }
        return out;
    }

    /**
     * Tells a session that its subscriptions have a gap: this node missed pushes stamped up to and
     * including {@code through} (it was off the bus), so the session may have missed some of them.
     * {@code {"type":"gap","position":"...","opTypes":[...]}}, sent before the first push after the
     * gap; the client reloads the state of those opTypes and stores {@code position} as theirs.
     */
    public static OutboundFrame gap(Position through, Collection<String> opTypes) {
        StringBuilder out = new StringBuilder(48 + 24 * opTypes.size()).append("{\"type\":\"gap\",\"position\":");
        JsonText.quote(out, through.wire()).append(",\"opTypes\":[");
        boolean first = true;
        for (String opType : opTypes) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(out, opType);
        }
        return OutboundFrame.text(out.append("]}").toString());
    }

    /**
     * The answer to a poll: {@code {"type":"poll","results":[...],"pushes":[...],"more":bool}}.
     * Results are as in {@code subscribed}; pushes are the push frames a socket would have carried,
     * binary ones as JSON with the payload in base64 (see {@link #pushAsJson}).
     */
    public static String pollAnswer(List<SubscriptionResult> results, List<OutboundFrame> pushes, boolean more) {
        int size = 64 + 64 * results.size();
        for (OutboundFrame push : pushes) {
            size += push.size() + 1;
        }
        StringBuilder out = new StringBuilder(size).append("{\"type\":\"poll\",\"results\":[");
        appendResults(out, results).append("],\"pushes\":[");
        for (int i = 0; i < pushes.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(pushAsJson(pushes.get(i)));
        }
        return out.append("],\"more\":").append(more).append('}').toString();
    }

    /**
     * A push frame as JSON text: a JSON push as it is; a binary push (layout in {@link #push}) as
     * {@code {"type":"push","opType":...,"ts":...,"pos":...,"binary":"<base64>"}}, for transports
     * that carry text only.
     */
    public static String pushAsJson(OutboundFrame push) {
        if (push.isText()) {
            return push.text();
        }
        ByteBuffer frame = push.binary();
        if (frame.get() != BINARY_PUSH_KIND) {
            throw new IllegalArgumentException("not a binary push frame: " + push);
        }
        byte[] name = new byte[Short.toUnsignedInt(frame.getShort())];
        frame.get(name);
        long timestamp = frame.getLong();
        byte[] pos = new byte[Byte.toUnsignedInt(frame.get())];
        frame.get(pos);
        byte[] body = new byte[frame.remaining()];
        frame.get(body);
        StringBuilder out =
                new StringBuilder(96 + name.length + body.length * 4 / 3).append("{\"type\":\"push\",\"opType\":");
        JsonText.quote(out, new String(name, StandardCharsets.UTF_8))
                .append(",\"ts\":")
                .append(timestamp)
                .append(",\"pos\":\"")
                .append(new String(pos, StandardCharsets.US_ASCII))
                .append("\",\"binary\":\"")
                .append(Base64.getEncoder().encodeToString(body));
        return out.append("\"}").toString();
    }

    /** A successful reply; {@code dataJson} is a JSON value. */
    public static OutboundFrame reply(String id, String dataJson) {
        StringBuilder out = new StringBuilder(32 + dataJson.length()).append("{\"type\":\"reply\",\"id\":");
        JsonText.quote(out, id)
                .append(",\"data\":")
                .append(JsonText.escapeLoneSurrogates(dataJson))
                .append('}');
        return OutboundFrame.text(out.toString());
    }

    /** A failed reply; {@code code} is one of {@link ErrorCode} or an application code. */
    public static OutboundFrame replyError(String id, String code, String message) {
        StringBuilder out = new StringBuilder(64).append("{\"type\":\"reply\",\"id\":");
        JsonText.quote(out, id).append(",\"error\":{\"code\":");
        JsonText.quote(out, code).append(",\"message\":");
        JsonText.quote(out, message).append("}}");
        return OutboundFrame.text(out.toString());
    }

    /** An error about a frame the client sent; {@code id} is the request id when known. */
    public static OutboundFrame error(ErrorCode code, String message, String id) {
        StringBuilder out = new StringBuilder(64).append("{\"type\":\"error\",\"code\":");
        JsonText.quote(out, code.wire()).append(",\"message\":");
        JsonText.quote(out, message);
        if (id != null) {
            JsonText.quote(out.append(",\"id\":"), id);
        }
        return OutboundFrame.text(out.append('}').toString());
    }

    public static OutboundFrame disconnect(Disconnect d) {
        return disconnect(d, 0);
    }

    /**
     * A {@code disconnect} frame; with {@code delayMs} above 0 it advises the client to wait that
     * long (plus its own jitter) before reconnecting ({@code "delayMs"}, PROTOCOL.md §4.8).
     */
    public static OutboundFrame disconnect(Disconnect d, long delayMs) {
        StringBuilder out = new StringBuilder(80)
                .append("{\"type\":\"disconnect\",\"code\":")
                .append(d.code())
                .append(",\"reason\":");
        JsonText.quote(out, d.reason()).append(",\"reconnect\":").append(d.reconnect());
        if (delayMs > 0) {
            out.append(",\"delayMs\":").append(delayMs);
        }
        // Never compressed: the close follows at once, and a client that inflates asynchronously
        // (Node's) may see the connection end before it read a compressed disconnect.
        return OutboundFrame.uncompressedText(out.append('}').toString());
    }

    /**
     * A push. JSON payloads become a text frame
     * {@code {"type":"push","opType":...,"ts":...,"pos":...,"data":...}}; binary payloads a binary
     * frame laid out as: kind (1 byte, 2) | opType length n (2 bytes, big endian) | opType (n bytes
     * UTF-8) | timestamp (8 bytes, big endian, ms since the epoch) | position length m (1 byte) |
     * position (m bytes, ASCII) | payload.
     */
    public static OutboundFrame push(String opType, long timestamp, Position position, PushPayload payload) {
        String pos = position.wire();
        if (payload instanceof PushPayload.Json json) {
            // The fixed members, a 13-digit ts and a position are ~80 characters: room for them
            // and the payload, so that the builder never grows (a copy of the payload) on the way.
            StringBuilder out = new StringBuilder(
                            96 + pos.length() + opType.length() + json.json().length())
                    .append("{\"type\":\"push\",\"opType\":");
            JsonText.quote(out, opType)
                    .append(",\"ts\":")
                    .append(timestamp)
                    .append(",\"pos\":\"")
                    .append(pos)
                    .append("\",\"data\":")
                    .append(JsonText.escapeLoneSurrogates(json.json()))
                    .append('}');
            return OutboundFrame.text(out.toString());
        }
        byte[] body = ((PushPayload.Binary) payload).bytes();
        byte[] name = opType.getBytes(StandardCharsets.UTF_8);
        byte[] posBytes = pos.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer frame = ByteBuffer.allocate(1 + 2 + name.length + 8 + 1 + posBytes.length + body.length);
        frame.put(BINARY_PUSH_KIND)
                .putShort((short) name.length)
                .put(name)
                .putLong(timestamp)
                .put((byte) posBytes.length)
                .put(posBytes)
                .put(body);
        return OutboundFrame.binary(frame.array());
    }
}
