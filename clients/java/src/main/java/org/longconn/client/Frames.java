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
import java.util.Map;

/** Protocol v1 frames, built and read with JSON-P. */
final class Frames {

    private Frames() {}

    static String subscription(String type, String id, Collection<String> opTypes) {
        return subscription(type, id, opTypes, Map.of());
    }

    /** A subscribe that resumes each opType in {@code positions} after its position. */
    static String subscription(String type, String id, Collection<String> opTypes, Map<String, String> positions) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        opTypes.forEach(array::add);
        JsonObjectBuilder frame =
                Json.createObjectBuilder().add("type", type).add("id", id).add("opTypes", array);
        if (!positions.isEmpty()) {
            JsonObjectBuilder from = Json.createObjectBuilder();
            positions.forEach(from::add);
            frame.add("positions", from);
        }
        return frame.build().toString();
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
