package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderErrorTest {

    private final FrameDecoder decoder = new FrameDecoder();

    private FrameException reject(String text) {
        return assertThrows(FrameException.class, () -> decoder.decode(text), text);
    }

    private void assertRejected(String text, ErrorCode code, String requestId, String messagePart) {
        FrameException e = reject(text);
        assertEquals(code, e.code(), text);
        assertEquals(requestId, e.requestId(), text);
        assertTrue(
                e.getMessage().contains(messagePart), () -> "'" + e.getMessage() + "' should mention " + messagePart);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{", "{\"type\":}", "{'type':'ping'}", "pong", "pings", ""})
    void textThatIsNotJsonIsBadJson(String text) {
        FrameException e = reject(text);
        assertEquals(ErrorCode.BAD_JSON, e.code());
        assertNull(e.requestId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"type\":\"ping\"}]", "\"ping\"", "42", "null", "true"})
    void jsonThatIsNotAnObjectIsBadJson(String text) {
        assertRejected(text, ErrorCode.BAD_JSON, null, "JSON object");
    }

    @Test
    void missingTypeIsBadFrameWithTheId() {
        assertRejected("{\"id\":\"9\"}", ErrorCode.BAD_FRAME, "9", "'type'");
    }

    @Test
    void nonStringTypeIsBadFrameWithTheId() {
        assertRejected("{\"type\":1,\"id\":\"9\"}", ErrorCode.BAD_FRAME, "9", "'type'");
        assertRejected("{\"type\":null,\"id\":\"9\"}", ErrorCode.BAD_FRAME, "9", "'type'");
    }

    @Test
    void unknownTypeIsUnknownTypeWithTheId() {
        assertRejected("{\"type\":\"publish\",\"id\":\"9\"}", ErrorCode.UNKNOWN_TYPE, "9", "publish");
        assertRejected("{\"type\":\"PING\"}", ErrorCode.UNKNOWN_TYPE, null, "PING");
    }

    @Test
    void subscribeWithoutOpTypesIsBadFrameWithTheId() {
        assertRejected("{\"type\":\"subscribe\",\"id\":\"3\"}", ErrorCode.BAD_FRAME, "3", "'opTypes'");
        assertRejected("{\"type\":\"unsubscribe\",\"id\":\"3\"}", ErrorCode.BAD_FRAME, "3", "'opTypes'");
    }

    @Test
    void emptyOpTypesIsBadFrameWithTheId() {
        assertRejected("{\"type\":\"subscribe\",\"id\":\"3\",\"opTypes\":[]}", ErrorCode.BAD_FRAME, "3", "empty");
    }

    @Test
    void opTypesThatIsNotAnArrayIsBadFrameWithTheId() {
        assertRejected("{\"type\":\"subscribe\",\"id\":\"3\",\"opTypes\":\"a.b\"}", ErrorCode.BAD_FRAME, "3", "array");
        assertRejected(
                "{\"type\":\"subscribe\",\"id\":\"3\",\"opTypes\":{\"a\":1}}", ErrorCode.BAD_FRAME, "3", "array");
    }

    @Test
    void nonStringOpTypesEntryIsBadFrameNamingTheIndex() {
        assertRejected(
                "{\"type\":\"subscribe\",\"id\":\"3\",\"opTypes\":[\"a.b\",7]}",
                ErrorCode.BAD_FRAME,
                "3",
                "opTypes[1]");
        assertRejected(
                "{\"type\":\"unsubscribe\",\"id\":\"3\",\"opTypes\":[null]}", ErrorCode.BAD_FRAME, "3", "opTypes[0]");
    }

    @Test
    void subscribeAndCallWithoutIdAreBadFrame() {
        assertRejected("{\"type\":\"subscribe\",\"opTypes\":[\"a.b\"]}", ErrorCode.BAD_FRAME, null, "'id'");
        assertRejected("{\"type\":\"unsubscribe\",\"opTypes\":[\"a.b\"]}", ErrorCode.BAD_FRAME, null, "'id'");
        assertRejected("{\"type\":\"call\",\"opType\":\"a.b\"}", ErrorCode.BAD_FRAME, null, "'id'");
    }

    @Test
    void idTooLongOrEmptyIsBadFrameWithoutId() {
        String longId = "x".repeat(FrameDecoder.MAX_ID_LENGTH + 1);
        assertRejected("{\"type\":\"ping\",\"id\":\"" + longId + "\"}", ErrorCode.BAD_FRAME, null, "'id'");
        assertRejected("{\"type\":\"ping\",\"id\":\"\"}", ErrorCode.BAD_FRAME, null, "'id'");
    }

    @Test
    void idOfMaximumLengthIsAccepted() throws FrameException {
        String id = "x".repeat(FrameDecoder.MAX_ID_LENGTH);
        assertEquals(new InboundFrame.Ping(id), decoder.decode("{\"type\":\"ping\",\"id\":\"" + id + "\"}"));
    }

    @Test
    void idThatIsNotAStringIsBadFrameWithoutId() {
        assertRejected("{\"type\":\"call\",\"id\":7,\"opType\":\"a.b\"}", ErrorCode.BAD_FRAME, null, "'id'");
        assertRejected("{\"type\":\"ping\",\"id\":[\"1\"]}", ErrorCode.BAD_FRAME, null, "'id'");
    }

    @Test
    void messageOrCallWithoutOpTypeIsBadFrame() {
        assertRejected("{\"type\":\"message\",\"data\":1}", ErrorCode.BAD_FRAME, null, "'opType'");
        assertRejected("{\"type\":\"message\",\"id\":\"m1\"}", ErrorCode.BAD_FRAME, "m1", "'opType'");
        assertRejected("{\"type\":\"call\",\"id\":\"c1\"}", ErrorCode.BAD_FRAME, "c1", "'opType'");
    }

    @Test
    void opTypeThatIsNotAStringIsBadFrame() {
        assertRejected("{\"type\":\"message\",\"opType\":5}", ErrorCode.BAD_FRAME, null, "'opType' must be a string");
        assertRejected(
                "{\"type\":\"call\",\"id\":\"c1\",\"opType\":[\"a\"]}",
                ErrorCode.BAD_FRAME,
                "c1",
                "'opType' must be a string");
    }

    @Test
    void anAbbreviationNeverCutsASurrogatePairInHalf() {
        for (int before = 70; before <= 80; before++) {
            FrameException e = reject("{\"type\":\"" + "t".repeat(before) + "\uD83D\uDE00" + "u".repeat(20) + "\"}");
            String message = e.getMessage();
            for (int i = 0; i < message.length(); i++) {
                char c = message.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(i + 1 < message.length() && Character.isLowSurrogate(message.charAt(++i)), message);
                } else {
                    assertTrue(!Character.isLowSurrogate(c), message);
                }
            }
        }
    }

    @Test
    void longUnknownTypeIsAbbreviatedInTheMessage() {
        FrameException e = reject("{\"type\":\"" + "t".repeat(500) + "\"}");
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"ping\"} garbage",
                "{\"type\":\"ping\"}{\"type\":\"ping\"}",
                "{\"type\":\"ping\"}]",
                "[] x"
            })
    void contentAfterTheJsonValueIsBadJson(String text) {
        FrameException e = reject(text);
        assertEquals(ErrorCode.BAD_JSON, e.code());
        assertNull(e.requestId());
    }

    @Test
    void nestingBeyondTheParsersDepthLimitIsBadJsonNotAnUncheckedFailure() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertRejected(
                "{\"type\":\"message\",\"opType\":\"a\",\"data\":" + deep + "}", ErrorCode.BAD_JSON, null, "JSON");
        assertRejected(
                "{\"type\":\"message\",\"opType\":\"a\",\"data\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)
                        + "}",
                ErrorCode.BAD_JSON,
                null,
                "JSON");
    }

    @Test
    void whitespaceOnlyIsBadJson() {
        assertEquals(ErrorCode.BAD_JSON, reject("   \n ").code());
    }
}
