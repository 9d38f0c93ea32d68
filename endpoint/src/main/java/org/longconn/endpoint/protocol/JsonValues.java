package org.longconn.endpoint.protocol;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * The one check for JSON supplied by applications and services (push payloads, call replies),
 * which the gateway embeds verbatim in frames: exactly one JSON value, nothing after it.
 */
public final class JsonValues {

    private JsonValues() {}

    /** {@code null} when {@code json} is exactly one JSON value, otherwise what is wrong with it. */
    public static String problem(String json) {
        if (json == null || json.isBlank()) {
            return "empty; use null for no value";
        }
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            parser.next();
            parser.getValue();
            return parser.hasNext() ? "more follows the JSON value" : null;
        } catch (RuntimeException e) {
            // Parsson reports some malformed input (deep nesting) as a plain RuntimeException.
            return e.getMessage();
        }
    }
}
