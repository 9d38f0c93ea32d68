package org.longconn.endpoint.inbound;

import java.nio.charset.StandardCharsets;
import org.longconn.endpoint.protocol.BinaryFrameDecoder;
import org.longconn.endpoint.protocol.FrameDecoder;
import org.longconn.endpoint.protocol.FrameException;
import org.longconn.endpoint.protocol.InboundFrame;

/**
 * One complete client frame as it arrived, on a socket or posted: its text, or else its bytes
 * (PROTOCOL.md §2, §3.7). Both paths measure and decode it here, the same way.
 */
record ArrivedFrame(String text, byte[] bytes) {

    private static final FrameDecoder TEXT = new FrameDecoder();
    private static final BinaryFrameDecoder BINARY = new BinaryFrameDecoder();

    static ArrivedFrame text(String text) {
        return new ArrivedFrame(text, null);
    }

    static ArrivedFrame binary(byte[] bytes) {
        return new ArrivedFrame(null, bytes);
    }

    /** Whether it is larger than {@code maxBytes}: UTF-8 bytes of text, bytes of a binary frame. */
    boolean isLargerThan(int maxBytes) {
        return (text != null ? utf8Length(text, maxBytes) : bytes.length) > maxBytes;
    }

    /** @throws FrameException when it is no valid protocol v1 frame */
    InboundFrame decode() throws FrameException {
        return text != null ? TEXT.decode(text) : BINARY.decode(bytes);
    }

    /** The message of {@code frame_too_large}. */
    static String tooLarge(int maxBytes) {
        return "frame exceeds " + maxBytes + " bytes; it was dropped";
    }

    /** The UTF-8 length of {@code text}, computed exactly only when it could be near {@code limit}. */
    static int utf8Length(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return text.length();
        }
        if (text.length() > limit) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
