package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static final byte[] PAYLOAD = {1, 2, 3};

    @Test
    void aBinaryCallIsKindOpTypeLengthOpTypeIdLengthIdThenThePayload() {
        assertArrayEquals(
                bytes(0x04, 0x00, 0x08, "img.scan", 0x01, "7", 0x01, 0x02, 0x03),
                Frames.binaryCall("7", "img.scan", PAYLOAD));
    }

    @Test
    void aBinaryMessageHasIdLengthZero() {
        assertArrayEquals(
                bytes(0x03, 0x00, 0x08, "img.scan", 0x00, 0x01, 0x02, 0x03), Frames.binaryMessage("img.scan", PAYLOAD));
    }

    @Test
    void theOpTypeLengthCountsUtf8BytesNotCharacters() {
        // 聊 and 天 take three bytes each: 10 bytes for 6 characters.
        assertArrayEquals(
                bytes(0x03, 0x00, 0x0A, "聊天.say", 0x00, 0x01, 0x02, 0x03), Frames.binaryMessage("聊天.say", PAYLOAD));
    }

    @Test
    void aLongOpTypeTakesBothBytesOfItsLengthBigEndian() {
        String opType = "a".repeat(0x1234);
        byte[] frame = Frames.binaryMessage(opType, null);
        assertArrayEquals(bytes(0x03, 0x12, 0x34), Arrays.copyOf(frame, 3));
        assertArrayEquals(bytes(0x00), Arrays.copyOfRange(frame, 3 + 0x1234, frame.length));
    }

    @Test
    void aNullPayloadIsAnEmptyOne() {
        assertArrayEquals(bytes(0x04, 0x00, 0x01, "x", 0x02, "c1"), Frames.binaryCall("c1", "x", null));
    }

    @Test
    void anOpTypeBeyondItsLengthFieldIsRefusedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> Frames.binaryMessage("a".repeat(0x10000), PAYLOAD));
    }

    @Test
    void aRefreshCarriesItsIdAndTheNewTokenAndNothingElse() {
        assertEquals(
                Json.createObjectBuilder()
                        .add("type", "refresh")
                        .add("id", "r7")
                        .add("token", "eyJ\"quoted\"")
                        .build(),
                Json.createReader(new StringReader(Frames.refresh("r7", "eyJ\"quoted\"")))
                        .readObject());
    }

    /** Ints as single bytes, strings as their UTF-8 bytes, in order. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
