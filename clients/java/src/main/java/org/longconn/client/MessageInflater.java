package org.longconn.client;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the compressed messages (RSV1) the server sends on a connection that negotiated
 * permessage-deflate (RFC 7692 §7.2.2): the message's payload with the {@code 00 00 ff ff} tail the
 * server dropped put back. When the server answered {@code server_no_context_takeover} (the gateway
 * does) each message starts from a fresh state; otherwise the window carries over from message to
 * message, as the RFC says. What inflates beyond the limit fails with 1009, what is no deflate data
 * with 1007, as the gateway does for its side.
 *
 * <p>Used by the connection's reader thread alone; {@link #end()} frees the native state.
 */
final class MessageInflater {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Inflater inflater = new Inflater(true);
    private final boolean freshEachMessage;

    MessageInflater(boolean freshEachMessage) {
        this.freshEachMessage = freshEachMessage;
    }

    /**
     * The message {@code compressed} stands for.
     *
     * @throws ProtocolFailure 1009 beyond {@code maxBytes}, 1007 when it is not deflate data
     */
    byte[] inflate(byte[] compressed, int maxBytes) throws ProtocolFailure {
        if (freshEachMessage) {
            inflater.reset();
        }
        byte[] input = new byte[compressed.length + TAIL.length];
        System.arraycopy(compressed, 0, input, 0, compressed.length);
        System.arraycopy(TAIL, 0, input, compressed.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, compressed.length * 4 + 64));
        byte[] chunk = new byte[8192];
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n == 0) {
                    // 0: input used up, stream finished, or a dictionary asked for (none was agreed)
                    if (inflater.needsDictionary()) {
                        throw new ProtocolFailure(1007, "a compressed message asks for a preset dictionary");
                    }
                    break;
                }
                if (out.size() + n > maxBytes) {
                    throw new ProtocolFailure(1009, "a compressed message inflates beyond " + maxBytes + " bytes");
                }
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new ProtocolFailure(1007, "a compressed message is not deflate data: " + e.getMessage());
        }
        if (inflater.finished()) {
            inflater.reset(); // a final block ended the stream: the next message starts a new one
        }
        return out.toByteArray();
    }

    void end() {
        inflater.end();
    }
}
