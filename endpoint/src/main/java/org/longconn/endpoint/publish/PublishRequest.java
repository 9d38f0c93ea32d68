package org.longconn.endpoint.publish;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Base64;
import org.longconn.api.OpTypes;
import org.longconn.api.push.JsonValues;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;

/**
 * The body of {@code POST /api/push}:
 * <pre>{@code {"opType":"order.created","data":{...}}}</pre>
 * with optional {@code "user"} or {@code "session"} (a target) and {@code "binaryBase64"} instead
 * of {@code "data"} for a binary push, or an array of such objects (a batch). Every way a body can
 * be wrong has a message saying what to fix.
 */
final class PublishRequest {

    /** A body that is not a valid push request; the message goes back to the caller with 400. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private PublishRequest() {}

    /** Reads a single push request body (an object). */
    static Push parse(String body, int maxOpTypeLength) throws Invalid {
        return parse(object(body), maxOpTypeLength);
    }

    /**
     * Reads a body of {@code POST /api/push}: one push request (an object) or a batch of them (an
     * array, at most {@code maxBatch} long).
     */
    static JsonValue body(String body, int maxBatch) throws Invalid {
        JsonValue value = json(body);
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            int size = value.asJsonArray().size();
            if (size == 0 || size > maxBatch) {
                throw new Invalid("a batch is an array of 1 to " + maxBatch + " push requests, got " + size);
            }
            return value;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Invalid("the body must be a JSON object (one push) or an array of them (a batch), got "
                    + value.getValueType());
        }
        return value;
    }

    /** Reads one push request: the body, or one element of a batch. */
    static Push parse(JsonValue request, int maxOpTypeLength) throws Invalid {
        if (request.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Invalid("a push request must be a JSON object, got " + request.getValueType());
        }
        JsonObject object = request.asJsonObject();
        String opType = string(object, "opType", true);
        String problem = OpTypes.validateExact(opType, maxOpTypeLength);
        if (problem != null) {
            throw new Invalid(problem);
        }
        String user = string(object, "user", false);
        String session = string(object, "session", false);
        if (user != null && session != null) {
            throw new Invalid("give at most one of 'user' and 'session'");
        }
        PushTarget target = user != null
                ? PushTarget.user(user)
                : session != null ? PushTarget.session(session) : PushTarget.subscribers();
        return new Push(opType, target, payload(object));
    }

    private static JsonObject object(String body) throws Invalid {
        JsonValue value = json(body);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Invalid("the body must be a JSON object, got " + value.getValueType());
        }
        return value.asJsonObject();
    }

    private static JsonValue json(String body) throws Invalid {
        if (body == null || body.isBlank()) {
            throw new Invalid("the body must be a JSON object like {\"opType\":\"order.created\",\"data\":{}}");
        }
        JsonValue value;
        try {
            value = JsonValues.parse(body);
        } catch (IllegalArgumentException e) {
            throw new Invalid("the body: " + e.getMessage());
        }
        return value;
    }

    private static String string(JsonObject object, String field, boolean required) throws Invalid {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new Invalid("missing field '" + field + "'");
            }
            return null;
        }
        if (!(value instanceof JsonString string) || string.getString().isEmpty()) {
            throw new Invalid("field '" + field + "' must be a non-empty string");
        }
        return string.getString();
    }

    private static PushPayload payload(JsonObject object) throws Invalid {
        boolean hasData = object.containsKey("data");
        String base64 = string(object, "binaryBase64", false);
        if (hasData && base64 != null) {
            throw new Invalid("give 'data' (JSON) or 'binaryBase64' (binary), not both");
        }
        if (base64 != null) {
            try {
                return new PushPayload.Binary(Base64.getDecoder().decode(base64));
            } catch (IllegalArgumentException e) {
                throw new Invalid("field 'binaryBase64' is not valid base64: " + e.getMessage());
            }
        }
        if (!hasData) {
            throw new Invalid("missing field 'data' (any JSON value; null for none)");
        }
        return new PushPayload.Json(object.get("data").toString());
    }
}
