package org.longconn.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server's frames (RFC 6455 §5) off a {@link DeflatingWebSocket}'s socket and hands them
 * on as whole messages: the fragments of a message joined, a compressed one (RSV1, RFC 7692)
 * inflated, text decoded strictly as UTF-8, a close frame's code and reason read. Control frames
 * come as they arrive, also between the fragments of a message. Whatever breaks the RFCs fails with
 * a {@link ProtocolFailure} carrying the close code to send: 1002 for a masked frame, RSV2/RSV3,
 * RSV1 where no compression was agreed or on a later fragment or a control frame, an unknown opcode,
 * a fragmented or oversized control frame, a stray continuation or an unfinished message; 1007 for
 * bad UTF-8 or bad deflate data; 1009 for a message beyond {@link #MAX_MESSAGE_BYTES}.
 *
 * <p>Used by the connection's reader thread alone.
 */
final class FrameReader {

    /** The largest message taken, inflated or not: 16 MiB, far above the gateway's frame limit. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /**
     * One message: {@code text} set for text (and a close's reason), {@code payload} for binary, ping
     * and pong, {@code code} for a close (1005 when it had none).
     */
    record Message(int opcode, byte[] payload, String text, int code) {}

    private final DataInputStream in;
    private final MessageInflater inflater;
    private final int maxMessageBytes;

    // The data message under way: its opcode (-1: none), whether it is compressed, its fragments.
    private int opcode = -1;
    private boolean compressed;
    private ByteArrayOutputStream fragments;

    /** @param inflater {@code null} when the connection negotiated no compression */
    FrameReader(InputStream in, MessageInflater inflater, int maxMessageBytes) {
        this.in = new DataInputStream(in);
        this.inflater = inflater;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * The next message, or control frame.
     *
     * @throws EOFException when the server closed the TCP connection (also within a frame)
     * @throws ProtocolFailure when the server broke the protocol
     */
    Message next() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("the server closed the connection without a close frame");
            }
            int second = in.readUnsignedByte();
            boolean fin = (first & 0x80) != 0;
            boolean rsv1 = (first & 0x40) != 0;
            int frameOpcode = first & 0x0F;
            if ((first & 0x30) != 0) {
                throw new ProtocolFailure(1002, "a frame with RSV2 or RSV3 set");
            }
            if ((second & 0x80) != 0) {
                throw new ProtocolFailure(1002, "a masked frame from the server");
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
                if (length < 0) {
                    throw new ProtocolFailure(1002, "a frame length with its top bit set");
                }
            }
            if (frameOpcode >= CLOSE) {
                return control(frameOpcode, fin, rsv1, length);
            }
            if (frameOpcode == CONTINUATION) {
                if (opcode < 0) {
                    throw new ProtocolFailure(1002, "a continuation frame with no message to continue");
                }
                if (rsv1) {
                    throw new ProtocolFailure(1002, "RSV1 on a continuation frame");
                }
            } else if (frameOpcode == TEXT || frameOpcode == BINARY) {
                if (opcode >= 0) {
                    throw new ProtocolFailure(1002, "a new message before the last one's final fragment");
                }
                if (rsv1 && inflater == null) {
                    throw new ProtocolFailure(1002, "RSV1 set but no compression was negotiated");
                }
                opcode = frameOpcode;
                compressed = rsv1;
                fragments = new ByteArrayOutputStream();
            } else {
                throw new ProtocolFailure(1002, "unknown opcode " + frameOpcode);
            }
            if (fragments.size() + length > maxMessageBytes) {
                throw new ProtocolFailure(1009, "a message beyond " + maxMessageBytes + " bytes");
            }
            fragments.write(read((int) length));
            if (fin) {
                return message();
            }
        }
    }

    private Message control(int frameOpcode, boolean fin, boolean rsv1, long length) throws IOException {
        if (frameOpcode > PONG) {
            throw new ProtocolFailure(1002, "unknown opcode " + frameOpcode);
        }
        if (!fin) {
            throw new ProtocolFailure(1002, "a fragmented control frame");
        }
        if (length > 125) {
            throw new ProtocolFailure(1002, "a control frame of " + length + " bytes (at most 125)");
        }
        if (rsv1) {
            throw new ProtocolFailure(1002, "RSV1 on a control frame");
        }
        byte[] payload = read((int) length);
        if (frameOpcode != CLOSE) {
            return new Message(frameOpcode, payload, null, 0);
        }
        if (payload.length == 0) {
            return new Message(CLOSE, payload, "", 1005);
        }
        if (payload.length == 1) {
            throw new ProtocolFailure(1002, "a close frame of one byte");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!legalFromServer(code)) {
            throw new ProtocolFailure(1002, "close code " + code + " cannot come from a server");
        }
        String reason = utf8(ByteBuffer.wrap(payload, 2, payload.length - 2), "a close reason");
        return new Message(CLOSE, payload, reason, code);
    }

    private Message message() throws IOException {
        byte[] whole = fragments.toByteArray();
        int kind = opcode;
        boolean inflate = compressed;
        opcode = -1;
        fragments = null;
        if (inflate) {
            whole = inflater.inflate(whole, maxMessageBytes);
        }
        if (kind == TEXT) {
            return new Message(TEXT, null, utf8(ByteBuffer.wrap(whole), "a text message"), 0);
        }
        return new Message(BINARY, whole, null, 0);
    }

    private byte[] read(int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static String utf8(ByteBuffer bytes, String what) throws ProtocolFailure {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolFailure(1007, what + " that is not UTF-8");
        }
    }

    /** The close codes a server may send (RFC 6455 §7.4, as the JDK's WebSocket checks them). */
    static boolean legalFromServer(int code) {
        if (code < 1000 || code > 65535 || code == 1004 || (code >= 1016 && code <= 2999)) {
            return false;
        }
        return code != 1005 && code != 1006 && code != 1015 && code != 1010;
    }
}
