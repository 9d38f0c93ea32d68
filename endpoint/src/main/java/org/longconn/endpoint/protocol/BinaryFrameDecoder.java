package org.longconn.endpoint.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes binary client frames: a {@code message} or {@code call} whose payload is raw bytes
 * (PROTOCOL.md §3.7). Every way a frame can be wrong maps to one {@link ErrorCode} and a message
 * that says what to fix.
 */
public final class BinaryFrameDecoder {

    /** The kind byte of a binary message. */
    public static final int MESSAGE = 3;
    /** The kind byte of a binary call. */
    public static final int CALL = 4;

    /**
     * Decodes one binary frame.
     *
     * @return a {@link InboundFrame.Message} or {@link InboundFrame.Call} with its payload in {@code bytes}
     * @throws FrameException when the frame is not a binary message or call of protocol v1
     */
    public InboundFrame decode(byte[] frame) throws FrameException {
        if (frame.length == 0) {
            throw bad("empty binary frame; a binary message or call starts with its kind byte (3 or 4)");
        }
        int kind = frame[0] & 0xFF;
        if (kind != MESSAGE && kind != CALL) {
            throw new FrameException(
                    ErrorCode.UNKNOWN_TYPE,
                    "binary frame kind " + kind + " is not one a client sends; expected 3 (message) or 4 (call)",
                    null);
        }
        if (frame.length < 4) {
            throw bad("binary frame of " + frame.length
                    + " bytes is shorter than its header (kind, opType length, id length)");
        }
        int opTypeLength = ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF);
        int idLengthAt = 3 + opTypeLength;
        if (idLengthAt >= frame.length) {
            throw bad("binary frame says its opType has " + opTypeLength
                    + " bytes, but it ends before them and the id length");
        }
        String opType = utf8(frame, 3, opTypeLength, "opType");
        int idLength = frame[idLengthAt] & 0xFF;
        int payloadAt = idLengthAt + 1 + idLength;
        if (payloadAt > frame.length) {
            throw bad("binary frame says its id has " + idLength + " bytes, but it ends before them");
        }
        String id = idLength == 0 ? null : utf8(frame, idLengthAt + 1, idLength, "id");
        if (id != null && id.length() > FrameDecoder.MAX_ID_LENGTH) {
            throw bad("id must be 1 to " + FrameDecoder.MAX_ID_LENGTH + " characters, got " + id.length());
        }
        byte[] payload = Arrays.copyOfRange(frame, payloadAt, frame.length);
        if (kind == MESSAGE) {
            return new InboundFrame.Message(opType, null, payload);
        }
        if (id == null) {
            throw bad("a binary call needs an id (1 to " + FrameDecoder.MAX_ID_LENGTH + " characters) for its reply");
        }
        return new InboundFrame.Call(id, opType, null, payload);
    }

    /** Strict UTF-8: a malformed sequence or a lone surrogate is an error, not a replacement character. */
    private static String utf8(byte[] frame, int at, int length, String field) throws FrameException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame, at, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw bad("the binary frame's " + field + " is not valid UTF-8");
        }
    }

    private static FrameException bad(String message) {
        return new FrameException(ErrorCode.BAD_FRAME, message, null);
    }
}
