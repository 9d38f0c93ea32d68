package org.longconn.client;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * Compresses the messages {@link SocketWriter} sends on a connection that negotiated
 * permessage-deflate (RFC 7692 §7.2.1): each message on its own, from a fresh state (the gateway
 * asks {@code client_no_context_takeover}, and starting fresh is always allowed), flushed with
 * SYNC_FLUSH and without the {@code 00 00 ff ff} tail the RFC drops. Small messages and ones that
 * would not shrink go uncompressed, which the RFC allows for any message.
 *
 * <p>Used by the connection's writer thread alone; {@link #end()} frees the native state.
 */
final class MessageDeflater {

    /** Messages shorter than this are not worth compressing. */
    static final int MIN_BYTES = 64;

    private static final int CHUNK = 8192;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

    /**
     * The payload of a compressed frame for {@code message}, or {@code null} when it goes out as it
     * is (too short, or not shrinking).
     */
    byte[] deflate(byte[] message) {
        if (message.length < MIN_BYTES) {
            return null;
        }
        deflater.reset();
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 16);
        byte[] chunk = new byte[Math.min(CHUNK, message.length + 64)];
        int written;
        do {
            // SYNC_FLUSH takes all the input; a full chunk means more output waits.
            written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, written);
        } while (written == chunk.length);
        byte[] flushed = out.toByteArray();
        int length = flushed.length;
        if (length >= 4
                && flushed[length - 4] == 0
                && flushed[length - 3] == 0
                && flushed[length - 2] == (byte) 0xFF
                && flushed[length - 1] == (byte) 0xFF) {
            length -= 4;
        }
        if (length >= message.length) {
            return null;
        }
        byte[] payload = new byte[length];
        System.arraycopy(flushed, 0, payload, 0, length);
        return payload;
    }

    void end() {
        deflater.end();
    }
}
