package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonEscapingTest {

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "say \"hi\"",
                "back\\slash \\\" \\\\",
                "line\nbreak\r\ttab",
                "\b\f\u0000\u0001\u001f",
                "line\u2028sep\u2029para",
                "unicode é € 😀",
                "</script>",
                ""
            })
    void stringsRoundTripThroughAJsonParser(String value) {
        String error = FrameEncoder.error(ErrorCode.BAD_FRAME, value, value).text();
        String reply = FrameEncoder.replyError(value, value, value).text();

        assertEquals(value, parse(error).getString("message"));
        assertEquals(value, parse(error).getString("id"));
        assertEquals(value, parse(reply).getJsonObject("error").getString("code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0007", "\u001f", "\n", "\u2028", "\u2029"})
    void controlCharactersAndLineSeparatorsNeverAppearRaw(String value) {
        String text =
                FrameEncoder.error(ErrorCode.BAD_FRAME, "a" + value + "b", null).text();

        assertFalse(text.contains(value), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029", "\u0001"})
    void lineSeparatorsAndControlsAreWrittenAsUnicodeEscapes(String value) {
        String text = FrameEncoder.error(ErrorCode.BAD_FRAME, value, null).text();
        String escape = String.format("\\u%04x", (int) value.charAt(0));

        assertTrue(text.contains("\"message\":\"" + escape + "\""), text);
    }
}
