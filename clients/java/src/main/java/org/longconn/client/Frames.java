package org.longconn.client;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Protocol v1 frames: JSON ones built and read with JSON-P, binary ones laid out by hand. */
final class Frames {

    /** The kind byte of a binary message (PROTOCOL.md §3.7). */
    private static final byte BINARY_MESSAGE = 3;

    /** The kind byte of a binary call. */
    private static final byte BINARY_CALL = 4;

    private Frames() {}

    static String subscription(String type, String id, Collection<String> opTypes) {
        return subscription(type, id, opTypes, Map.of());
    }

    /** A subscribe that resumes each opType in {@code positions} after its position. */
    static String subscription(String type, String id, Collection<String> opTypes, Map<String, String> positions) {
        return subscription(type, id, opTypes, positions, List.of());
    }

    /**
     * A subscribe that resumes each opType in {@code positions} after its position and watches the
     * members of those in {@code presence} (PROTOCOL.md §18).
     */
    static String subscription(
            String type,
            String id,
            Collection<String> opTypes,
            Map<String, String> positions,
            Collection<String> presence) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        opTypes.forEach(array::add);
        JsonObjectBuilder frame =
                Json.createObjectBuilder().add("type", type).add("id", id).add("opTypes", array);
        if (!positions.isEmpty()) {
            JsonObjectBuilder from = Json.createObjectBuilder();
            positions.forEach(from::add);
            frame.add("positions", from);
        }
        if (!presence.isEmpty()) {
            JsonArrayBuilder watched = Json.createArrayBuilder();
            presence.forEach(watched::add);
            frame.add("presence", watched);
        }
        return frame.build().toString();
    }

    /** A {@code refresh} (PROTOCOL.md §16): the session's new credential, answered with {@code id}. */
    static String refresh(String id, String token) {
        return Json.createObjectBuilder()
                .add("type", "refresh")
                .add("id", id)
                .add("token", token)
                .build()
                .toString();
    }

    static String ping() {
        return "{\"type\":\"ping\"}";
    }

    static String message(String opType, String dataJson) {
        return traffic("message", null, opType, dataJson);
    }

    static String call(String id, String opType, String dataJson) {
        return traffic("call", id, opType, dataJson);
    }

    /** A binary {@code message} (PROTOCOL.md §3.7): no id. */
    static byte[] binaryMessage(String opType, byte[] payload) {
        return binaryTraffic(BINARY_MESSAGE, null, opType, payload);
    }

    /** A binary {@code call} (PROTOCOL.md §3.7), answered by a JSON {@code reply} with {@code id}. */
    static byte[] binaryCall(String id, String opType, byte[] payload) {
        return binaryTraffic(BINARY_CALL, id, opType, payload);
    }

    /**
     * kind(1) | opType length(2, big endian) | opType | id length(1) | id | payload; lengths count
     * UTF-8 bytes. A {@code null} payload is an empty one.
     *
     * @throws IllegalArgumentException when the opType or the id is too long for its length field
     */
    private static byte[] binaryTraffic(byte kind, String id, String opType, byte[] payload) {
        byte[] op = Objects.requireNonNull(opType, "opType").getBytes(StandardCharsets.UTF_8);
        if (op.length > 0xFFFF) {
            throw new IllegalArgumentException(
                    "opType of " + op.length + " UTF-8 bytes; a binary frame holds at most 65535");
        }
        byte[] ident = id == null ? new byte[0] : id.getBytes(StandardCharsets.UTF_8);
        if (ident.length > 0xFF) {
            throw new IllegalArgumentException(
                    "id of " + ident.length + " UTF-8 bytes; a binary frame holds at most 255");
        }
        byte[] data = payload == null ? new byte[0] : payload;
        return ByteBuffer.allocate(1 + 2 + op.length + 1 + ident.length + data.length)
                .put(kind)
                .putShort((short) op.length)
                .put(op)
                .put((byte) ident.length)
                .put(ident)
                .put(data)
                .array();
    }

    private static String traffic(String type, String id, String opType, String dataJson) {
        JsonObjectBuilder frame = Json.createObjectBuilder().add("type", type);
        if (id != null) {
            frame.add("id", id);
        }
        return frame.add("opType", opType).add("data", json(dataJson)).build().toString();
    }

    /** Parses application JSON, so that a mistake is reported to the caller, not the server. */
    static JsonValue json(String dataJson) {
        if (dataJson == null) {
            return JsonValue.NULL;
        }
        try {
            return Json.createReader(new StringReader(dataJson)).readValue();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("data is not a JSON value: " + e.getMessage(), e);
        }
    }

    /** A server text frame as JSON, or {@code null} for the bare text {@code pong}. */
    static JsonObject parse(String text) {
        return text.startsWith("{") ? Json.createReader(new StringReader(text)).readObject() : null;
    }

    /**
     * kind | opType length(2) | opType | timestamp(8) | [position length(1) | position] | payload, as
     * in docs/PROTOCOL.md: kind 2 carries the position, kind 1 (older gateways) does not.
     */
    static ReceivedPush binaryPush(ByteBuffer frame) {
        if (frame.remaining() < 11) {
            return null;
        }
        byte kind = frame.get();
        if (kind != 1 && kind != 2) {
            return null;
        }
        byte[] opType = new byte[Short.toUnsignedInt(frame.getShort())];
        frame.get(opType);
        long timestamp = frame.getLong();
        String position = null;
        if (kind == 2) {
            byte[] pos = new byte[Byte.toUnsignedInt(frame.get())];
            frame.get(pos);
            position = new String(pos, StandardCharsets.US_ASCII);
        }
        byte[] payload = new byte[frame.remaining()];
        frame.get(payload);
        return new ReceivedPush(new String(opType, StandardCharsets.UTF_8), timestamp, null, payload, position);
    }
}
