package org.longconn.api.push;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * The one check of JSON text that the gateway did not write (client frames, HTTP and broker
 * publishes, push payloads and call replies from applications): <b>exactly one JSON value</b>,
 * nothing after it. A {@link PushPayload.Json} must pass it.
 */
public final class JsonValues {

    private JsonValues() {}

    /**
     * Parses exactly one JSON value.
     *
     * @throws IllegalArgumentException saying what is wrong: empty, not valid JSON, or more after it
     */
    public static JsonValue parse(String json) {
        requireText(json);
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

    /**
     * {@code null} when {@code json} is exactly one JSON value, otherwise what is wrong with it.
     * Checks the text as a stream of tokens without building the value: the sequencer runs it once
     * per push published from outside, so it must not cost an object per member.
     */
    public static String problem(String json) {
        try {
            requireText(json);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        try (JsonParser parser = Parsers.FACTORY.createParser(new StringReader(json))) {
            int depth = 0;
            do {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        // a name or a scalar: the parser has read and checked it
                    }
                }
            } while (depth > 0);
            return parser.hasNext() ? "more follows the JSON value" : null;
        } catch (RuntimeException e) {
            return "not valid JSON: " + e.getMessage();
        }
    }

    private static void requireText(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty; use null for no value");
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
