package org.longconn.endpoint.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One encoded server frame, immutable and shareable: the same instance is queued for every
 * recipient of a push, so a push is encoded once however many sessions receive it.
 *
 * <p>It holds the complete WebSocket frame as it goes on the wire (RFC 6455 §5.2: header, then
 * the payload; a server's frames are never masked), built once here, so that a transport able to
 * write raw bytes hands the very same bytes to every connection instead of encoding and framing
 * the text again for each. The text and the binary payload are views of those bytes.
 */
public final class OutboundFrame {

    private static final byte FIN_TEXT = (byte) 0x81;
    private static final byte FIN_BINARY = (byte) 0x82;

    private final byte[] wire;
    private final int headerLength;
    private final boolean text;
    /** The permessage-deflate form, made at the first send to a session that negotiated it. */
    private volatile byte[] deflated;
    /** Whether it may be sent compressed at all. */
    private final boolean compressible;

    private OutboundFrame(byte[] payload, boolean text, boolean compressible) {
        this.text = text;
        this.compressible = compressible;
        this.headerLength = headerLength(payload.length);
        this.wire = new byte[headerLength + payload.length];
        writeHeader(wire, text ? FIN_TEXT : FIN_BINARY, payload.length);
        System.arraycopy(payload, 0, wire, headerLength, payload.length);
    }

    /**
     * A text frame. Half of a surrogate pair has no UTF-8 form; the encoders never produce one
     * (they write it as a JSON escape), and should one slip through it is sent as {@code '?'}
     * rather than making the frame unsendable.
     */
    public static OutboundFrame text(String text) {
        Objects.requireNonNull(text, "text");
        return new OutboundFrame(text.getBytes(StandardCharsets.UTF_8), true, true);
    }

    /** A text frame that always goes out uncompressed, also to sessions that negotiated permessage-deflate. */
    public static OutboundFrame uncompressedText(String text) {
        Objects.requireNonNull(text, "text");
        return new OutboundFrame(text.getBytes(StandardCharsets.UTF_8), true, false);
    }

    /** A binary frame holding a copy of {@code bytes}. */
    public static OutboundFrame binary(byte[] bytes) {
        return new OutboundFrame(bytes, false, true);
    }

    public boolean isText() {
        return text;
    }

    /** The text of a text frame, decoded from its bytes (a new string per call: not for the hot path). */
    public String text() {
        return new String(wire, headerLength, wire.length - headerLength, StandardCharsets.UTF_8);
    }

    /** A fresh read-only view of a binary frame's bytes, positioned at the start, one per send. */
    public ByteBuffer binary() {
        return ByteBuffer.wrap(wire, headerLength, wire.length - headerLength)
                .slice()
                .asReadOnlyBuffer();
    }

    /**
     * The whole frame as it goes on the wire, shared by every recipient: callers must not change
     * it. Writers wrap it in a buffer of their own per write.
     */
    public byte[] wire() {
        return wire;
    }

    /**
     * The frame as it goes to a session that negotiated permessage-deflate: compressed by {@code
     * deflater} at the first call (once, however many sessions and threads ask), or {@link #wire()}
     * itself when it is too small or does not shrink. Shared like {@link #wire()}.
     */
    public byte[] deflatedWire(FrameDeflater deflater) {
        if (!compressible) {
            return wire;
        }
        byte[] made = deflated;
        if (made == null) {
            synchronized (this) {
                made = deflated;
                if (made == null) {
                    made = deflater.deflate(text, wire, headerLength, wire.length - headerLength);
                    if (made == null) {
                        made = wire;
                    }
                    deflated = made;
                }
            }
        }
        return made;
    }

    /** Bytes on the wire (payload only), as counted against outbox limits. */
    public int size() {
        return wire.length - headerLength;
    }

    static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    static void writeHeader(byte[] frame, byte first, int length) {
        frame[0] = first;
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            long value = length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (value >>> (56 - 8 * i));
            }
        }
    }

    @Override
    public String toString() {
        return isText() ? "OutboundFrame[text " + text() + "]" : "OutboundFrame[binary " + size() + " bytes]";
    }
}
