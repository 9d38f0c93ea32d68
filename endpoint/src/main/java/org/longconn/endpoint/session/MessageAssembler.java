package org.longconn.endpoint.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Joins the parts of one inbound message, text or binary, keeping at most the frame limit in
 * memory: once a message grows past the limit its remaining parts are discarded, and the message
 * is reported as oversize when its last part arrives. A WebSocket never interleaves the parts of
 * two data messages, so one assembler serves both kinds. Used from the session's inbound thread
 * only.
 */
public final class MessageAssembler {

    private final int maxChars;
    private final int maxBytes;
    private StringBuilder text;
    private ByteArrayOutputStream binary;
    private boolean oversize;

    /** @param maxBytes the frame limit: UTF-8 bytes of a text message, bytes of a binary one */
    public MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
        this.maxChars = maxBytes; // a char is at least one UTF-8 byte
    }

    /** What the last call to {@code append} produced. */
    public enum Result {
        /** More parts follow. */
        INCOMPLETE,
        /** The message is complete: take it with {@link #take()} or {@link #takeBytes()}. */
        COMPLETE,
        /** The message was larger than the limit and has been discarded. */
        OVERSIZE
    }

    /** One part of a text message. */
    public Result append(String part, boolean last) {
        if (!oversize) {
            int held = text == null ? 0 : text.length();
            if (held + part.length() > maxChars) {
                oversize = true;
                text = null;
            } else {
                if (text == null) {
                    text = new StringBuilder(last ? part.length() : 16);
                }
                text.append(part);
            }
        }
        return ended(last);
    }

    /** One part of a binary message; its bytes are copied, the buffer is the container's. */
    public Result append(ByteBuffer part, boolean last) {
        if (!oversize) {
            int held = binary == null ? 0 : binary.size();
            // Checked before anything is allocated: an oversize part costs no copy.
            if (held + part.remaining() > maxBytes) {
                oversize = true;
                binary = null;
            } else {
                if (binary == null) {
                    binary = new ByteArrayOutputStream(last ? part.remaining() : 256);
                }
                byte[] bytes = new byte[part.remaining()];
                part.get(bytes);
                binary.writeBytes(bytes);
            }
        }
        return ended(last);
    }

    private Result ended(boolean last) {
        if (!last) {
            return Result.INCOMPLETE;
        }
        if (oversize) {
            oversize = false;
            return Result.OVERSIZE;
        }
        return Result.COMPLETE;
    }

    /** The completed text message; the assembler is then ready for the next one. */
    public String take() {
        String message = text.toString();
        text = null;
        return message;
    }

    /** The completed binary message; the assembler is then ready for the next one. */
    public byte[] takeBytes() {
        byte[] message = binary.toByteArray();
        binary = null;
        return message;
    }
}
