package org.longconn.endpoint.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.longconn.api.push.JsonValues;

/**
 * Decodes client text frames. Every way a frame can be wrong maps to one {@link ErrorCode} and a
 * message naming the field, so that a client author can fix it from the error alone.
 */
public final class FrameDecoder {

    /** Longest accepted request id, in characters. */
    public static final int MAX_ID_LENGTH = 64;

    /**
     * Decodes one text frame.
     *
     * @throws FrameException when the frame is not a valid protocol v1 frame
     */
    public InboundFrame decode(String text) throws FrameException {
        String trimmed = text.strip();
        if (isBareHeartbeat(trimmed)) {
            return new InboundFrame.BareHeartbeat();
        }
        JsonObject object = parseObject(trimmed);
        String id = optionalId(object);
        JsonValue typeValue = object.get("type");
        if (typeValue == null) {
            throw new FrameException(ErrorCode.BAD_FRAME, "missing field 'type'", id);
        }
        if (!(typeValue instanceof JsonString type)) {
            throw new FrameException(ErrorCode.BAD_FRAME, "field 'type' must be a string", id);
        }
        return switch (type.getString()) {
            case "subscribe" ->
                new InboundFrame.Subscribe(
                        requiredId(object, id), opTypes(object, id), positions(object, id), presence(object, id));
            case "unsubscribe" -> new InboundFrame.Unsubscribe(requiredId(object, id), opTypes(object, id));
            case "ping" -> new InboundFrame.Ping(id);
            case "message" -> new InboundFrame.Message(string(object, "opType", id), data(object));
            case "call" -> new InboundFrame.Call(requiredId(object, id), string(object, "opType", id), data(object));
            case "refresh" -> new InboundFrame.Refresh(requiredId(object, id), string(object, "token", id));
            default ->
                throw new FrameException(
                        ErrorCode.UNKNOWN_TYPE,
                        "unknown frame type '" + abbreviate(type.getString())
                                + "'; expected subscribe, unsubscribe, ping, message, call or refresh",
                        id);
        };
    }

    private static boolean isBareHeartbeat(String text) {
        if (text.length() > 9) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("ping") || lower.equals("heartbeat");
    }

    private static JsonObject parseObject(String text) throws FrameException {
        JsonValue value;
        try {
            value = JsonValues.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FrameException(ErrorCode.BAD_JSON, "frame: " + abbreviate(e.getMessage()), null);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new FrameException(
                    ErrorCode.BAD_JSON, "frame must be a JSON object, got " + value.getValueType(), null);
        }
        return value.asJsonObject();
    }

    /** The id when present and well-formed, so that errors about other fields can carry it. */
    private static String optionalId(JsonObject object) throws FrameException {
        JsonValue value = object.get("id");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new FrameException(ErrorCode.BAD_FRAME, "field 'id' must be a string", null);
        }
        String id = string.getString();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new FrameException(
                    ErrorCode.BAD_FRAME, "field 'id' must be 1 to " + MAX_ID_LENGTH + " characters", null);
        }
        return id;
    }

    private static String requiredId(JsonObject object, String id) throws FrameException {
        if (id == null) {
            throw new FrameException(ErrorCode.BAD_FRAME, "missing field 'id' (a string the answer echoes)", null);
        }
        return id;
    }

    private static String string(JsonObject object, String field, String id) throws FrameException {
        JsonValue value = object.get(field);
        if (value == null) {
            throw new FrameException(ErrorCode.BAD_FRAME, "missing field '" + field + "'", id);
        }
        if (!(value instanceof JsonString string)) {
            throw new FrameException(ErrorCode.BAD_FRAME, "field '" + field + "' must be a string", id);
        }
        return string.getString();
    }

    private static List<String> opTypes(JsonObject object, String id) throws FrameException {
        JsonValue value = object.get("opTypes");
        if (value == null) {
            throw new FrameException(ErrorCode.BAD_FRAME, "missing field 'opTypes' (an array of strings)", id);
        }
        if (!(value instanceof JsonArray array)) {
            throw new FrameException(ErrorCode.BAD_FRAME, "field 'opTypes' must be an array of strings", id);
        }
        if (array.isEmpty()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "field 'opTypes' must not be empty", id);
        }
        List<String> opTypes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString string)) {
                throw new FrameException(ErrorCode.BAD_FRAME, "opTypes[" + i + "] must be a string", id);
            }
            opTypes.add(string.getString());
        }
        return List.copyOf(opTypes);
    }

    /** Optional {@code positions}: an object of opType to position string (null is absent). */
    private static Map<String, String> positions(JsonObject object, String id) throws FrameException {
        JsonValue value = object.get("positions");
        if (value == null || value == JsonValue.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject positions)) {
            throw new FrameException(
                    ErrorCode.BAD_FRAME, "field 'positions' must be an object of opType to position string", id);
        }
        Map<String, String> result = new HashMap<>();
        for (Map.Entry<String, JsonValue> entry : positions.entrySet()) {
            if (!(entry.getValue() instanceof JsonString position)) {
                throw new FrameException(
                        ErrorCode.BAD_FRAME,
                        "positions['" + abbreviate(entry.getKey())
                                + "'] must be a string (a position from a push or a subscribed answer)",
                        id);
            }
            result.put(entry.getKey(), position.getString());
        }
        return Map.copyOf(result);
    }

    /** Optional {@code presence}: an array of the opTypes to watch (null is absent). */
    private static Set<String> presence(JsonObject object, String id) throws FrameException {
        JsonValue value = object.get("presence");
        if (value == null || value == JsonValue.NULL) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new FrameException(
                    ErrorCode.BAD_FRAME, "field 'presence' must be an array of the opTypes whose members to watch", id);
        }
        Set<String> watched = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString string)) {
                throw new FrameException(ErrorCode.BAD_FRAME, "presence[" + i + "] must be a string", id);
            }
            watched.add(string.getString());
        }
        return Set.copyOf(watched);
    }

    private static String data(JsonObject object) {
        JsonValue value = object.get("data");
        return value == null ? "null" : value.toString();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        if (text.length() <= 80) {
            return text;
        }
        // Never cut between the two halves of a surrogate pair: half a character has no UTF-8 form.
        int end = Character.isHighSurrogate(text.charAt(76)) ? 76 : 77;
        return text.substring(0, end) + "...";
    }
}
