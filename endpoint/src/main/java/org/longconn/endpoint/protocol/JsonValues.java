package org.longconn.endpoint.protocol;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * The one way the gateway reads JSON it did not write (client frames, HTTP publish bodies, push
 * payloads and call replies from applications): exactly one JSON value, nothing after it.
 */
public final class JsonValues {

    private JsonValues() {}

    /**
     * Parses exactly one JSON value.
     *
     * @throws IllegalArgumentException saying what is wrong: empty, not valid JSON, or more after it
     */
    public static JsonValue parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty; use null for no value");
        }
        try (JsonParser parser = Parsers.FACTORY.createParser(new StringReader(json))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new IllegalArgumentException("more follows the JSON value");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not only JsonException: Parsson reports nesting beyond its depth limit as a plain RuntimeException.
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** {@code null} when {@code json} is exactly one JSON value, otherwise what is wrong with it. */
    public static String problem(String json) {
        try {
            parse(json);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
    /**
     * One parser factory, found at first use: {@code Json.createParser} looks the JSON-P provider
     * up through the service loader on every call, which cost more than the parse itself.
     */
    private static final class Parsers {
        static final JsonParserFactory FACTORY = JsonProvider.provider().createParserFactory(Map.of());
    }
}
