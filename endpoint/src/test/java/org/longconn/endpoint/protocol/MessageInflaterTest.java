package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Inflating what clients compress: whole or in fragments, with a limit, refusing what is not deflate. */
class MessageInflaterTest {

    /** A message compressed as a browser does it: raw deflate, SYNC_FLUSH, the 4-byte tail left off. */
    static byte[] compressed(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
            if (n < buffer.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    @Test
    void aMessageInflatesWholeOrFrameByFrame() throws Exception {
        byte[] text = "{\"type\":\"call\",\"opType\":\"test.echo\",\"data\":\""
                .concat("é€𝄞 ".repeat(500))
                .concat("\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] packed = compressed(text);
        MessageInflater inflater = new MessageInflater(1 << 20);

        assertEquals(
                new String(text, StandardCharsets.UTF_8),
                new String(inflater.begin().inflate(packed, true), StandardCharsets.UTF_8));

        // Split across three frames anywhere, even inside a multi-byte character's bytes.
        MessageInflater.Message message = inflater.begin();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int a = packed.length / 3;
        int b = 2 * packed.length / 3;
        joined.write(message.inflate(Arrays.copyOfRange(packed, 0, a), false));
        joined.write(message.inflate(Arrays.copyOfRange(packed, a, b), false));
        joined.write(message.inflate(Arrays.copyOfRange(packed, b, packed.length), true));
        assertEquals(text.length, joined.size());
        assertEquals(new String(text, StandardCharsets.UTF_8), joined.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class, () -> message.inflate(packed, true), "released at its end");
    }

    @Test
    void aMessageThatInflatesBeyondTheLimitIsRefusedEarly() {
        byte[] bomb = compressed(new byte[8 * 1024 * 1024]);
        MessageInflater inflater = new MessageInflater(64 * 1024);
        assertEquals(true, bomb.length < 20_000, "a small frame: " + bomb.length);
        assertThrows(
                MessageInflater.TooLargeException.class, () -> inflater.begin().inflate(bomb, true));

        // Across frames too: each under the limit, together over it.
        byte[] packed = compressed(new byte[80 * 1024]);
        MessageInflater.Message message = inflater.begin();
        assertThrows(MessageInflater.TooLargeException.class, () -> {
            message.inflate(Arrays.copyOfRange(packed, 0, packed.length / 2), false);
            message.inflate(Arrays.copyOfRange(packed, packed.length / 2, packed.length), true);
        });
    }

    @Test
    void bytesThatAreNotDeflateAreRefused() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x12, 0x34};
        assertThrows(
                DataFormatException.class,
                () -> new MessageInflater(1024).begin().inflate(garbage, true));
    }

    @Test
    void anEmptyMessageInflatesToNothing() throws Exception {
        assertEquals(0, new MessageInflater(1024).begin().inflate(compressed(new byte[0]), true).length);
    }
}
