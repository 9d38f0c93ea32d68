package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longconn.api.bus.Position;
import org.longconn.api.push.PushPayload;

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

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "\uDE00", "a\uD83Db", "x\uDE00\uD83D", "\uD83D\uD83D\uDE00"})
    void loneSurrogatesInStringsAreWrittenAsEscapesAndPairsStayWhole(String value) {
        String text = FrameEncoder.error(ErrorCode.BAD_FRAME, value, null).text();

        assertEncodable(text);
        assertEquals(value, parse(text).getString("message"));
    }

    @Test
    void aLoneSurrogateInPushDataBecomesItsEscapeWhichIsTheSameJsonValue() {
        String data = "{\"s\":\"\uD83D\",\"pair\":\"\uD83D\uDE00\",\"t\":\"\uDE00z\"}";
        String text = FrameEncoder.push("news", 1, Position.parse("e-1"), new PushPayload.Json(data))
                .text();

        assertEncodable(text);
        assertTrue(text.contains("\"s\":\"\\ud83d\""), text);
        assertTrue(text.contains("\"pair\":\"\uD83D\uDE00\""), "a whole pair stays as it is: " + text);
        JsonObject parsed = parse(text).getJsonObject("data");
        assertEquals("\uD83D", parsed.getString("s"));
        assertEquals("\uDE00z", parsed.getString("t"));
    }

    @Test
    void pushDataWithoutLoneSurrogatesIsEmbeddedAsGiven() {
        String data = "{\"s\":\"\\ud83d \uD83D\uDE00 \u00e9\"}";
        String text = FrameEncoder.push("news", 1, Position.parse("e-1"), new PushPayload.Json(data))
                .text();

        assertTrue(text.endsWith(",\"data\":" + data + "}"), text);
    }

    @Test
    void aReplyWithALoneSurrogateIsEncodable() {
        String text = FrameEncoder.reply("1", "\"\uDBFF\"").text();

        assertEncodable(text);
        assertEquals("\uDBFF", parse(text).getString("data"));
    }

    private static void assertEncodable(String text) {
        try {
            StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new AssertionError("no UTF-8 form: " + text, e);
        }
    }
}
