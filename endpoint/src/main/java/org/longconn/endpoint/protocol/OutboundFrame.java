package org.longconn.endpoint.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One encoded server frame, immutable and shareable: the same instance is queued for every
 * recipient of a push, so a push is encoded once however many sessions receive it.
 */
public final class OutboundFrame {

    private final String text;
    private final ByteBuffer binary;
    private final int size;

    private OutboundFrame(String text, ByteBuffer binary, int size) {
        this.text = text;
        this.binary = binary;
        this.size = size;
    }

    /** A text frame. */
    public static OutboundFrame text(String text) {
        Objects.requireNonNull(text, "text");
        return new OutboundFrame(text, null, text.getBytes(StandardCharsets.UTF_8).length);
    }

    /** A binary frame holding {@code bytes} (not copied: the caller must not change them). */
    public static OutboundFrame binary(byte[] bytes) {
        return new OutboundFrame(null, ByteBuffer.wrap(bytes).asReadOnlyBuffer(), bytes.length);
    }

    public boolean isText() {
        return text != null;
    }

    /** The text of a text frame. */
    public String text() {
        return text;
    }

    /** A fresh read-only view of a binary frame's bytes, positioned at the start, one per send. */
    public ByteBuffer binary() {
        return binary.duplicate();
    }

    /** Bytes on the wire (payload only), as counted against outbox limits. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return isText() ? "OutboundFrame[text " + text + "]" : "OutboundFrame[binary " + size + " bytes]";
    }
}
