package org.longconn.endpoint.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.zip.DataFormatException;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;
import org.longconn.endpoint.protocol.MessageInflater;

/**
 * permessage-deflate on one Tyrus connection (see {@link Compression}). Incoming: a message whose
 * first frame has RSV1 set is inflated frame by frame and handed on uncompressed, RSV1 cleared
 * (Tyrus refuses any frame with it still set). One that inflates beyond {@code maxFrameBytes} is
 * not inflated further: it goes on as a placeholder one byte over the limit (its later frames
 * empty), which the gateway answers {@code frame_too_large} as it does an uncompressed frame that
 * big, so a few kilobytes can never make the server hold megabytes. Bytes that are not deflate
 * data end the connection with 1007. Outgoing: Tyrus's own frames (close, pong) pass unchanged,
 * uncompressed messages being allowed by the RFC; the gateway's frames, compressed once per push,
 * are written raw past the extensions.
 */
final class DeflateExtension implements ExtendedExtension {

    private static final Logger LOG = Logger.getLogger(DeflateExtension.class.getName());

    /** The connection's property holding the compressed message being inflated, between its frames. */
    private static final String INFLATING = "longconn.inflating";

    /** In {@link #INFLATING} instead of a message: it inflated over the limit; its remaining frames are dropped. */
    private static final Object OVERFLOWED = new Object();

    private static final byte CLOSE = 0x8;

    private static final List<Parameter> ANSWER =
            List.of(new Answer("server_no_context_takeover"), new Answer("client_no_context_takeover"));

    private final MessageInflater inflater;

    private DeflateExtension(MessageInflater inflater) {
        this.inflater = inflater;
    }

    static DeflateExtension create(MessageInflater inflater) {
        return new DeflateExtension(inflater);
    }

    @Override
    public String getName() {
        return Compression.NAME;
    }

    @Override
    public List<Parameter> getParameters() {
        return ANSWER;
    }

    @Override
    public Frame processIncoming(ExtensionContext context, Frame frame) {
        if (frame.isControlFrame()) {
            return frame;
        }
        Map<String, Object> state = context.getProperties();
        MessageInflater.Message message;
        if (frame.getOpcode() != 0) {
            // The first frame of a message: RSV1 says whether it is compressed.
            release(state);
            if (!frame.isRsv1()) {
                return frame;
            }
            message = inflater.begin();
        } else {
            Object held = state.remove(INFLATING);
            if (held == OVERFLOWED) {
                if (!frame.isFin()) {
                    state.put(INFLATING, OVERFLOWED);
                }
                return Frame.builder(frame).rsv1(false).payloadData(new byte[0]).build();
            }
            if (held == null) {
                return frame; // a continuation of an uncompressed message
            }
            message = (MessageInflater.Message) held;
        }
        try {
            byte[] plain = message.inflate(frame.getPayloadData(), frame.isFin());
            if (!frame.isFin()) {
                state.put(INFLATING, message);
            }
            return Frame.builder(frame).rsv1(false).payloadData(plain).build();
        } catch (MessageInflater.TooLargeException e) {
            LOG.fine(() -> "a compressed message over the limit is answered frame_too_large: " + e.getMessage());
            if (!frame.isFin()) {
                state.put(INFLATING, OVERFLOWED);
            }
            byte[] placeholder = new byte[inflater.maxBytes() + 1];
            Arrays.fill(placeholder, (byte) ' ');
            return Frame.builder(frame).rsv1(false).payloadData(placeholder).build();
        } catch (DataFormatException e) {
            LOG.fine(() -> "closing a connection with 1007: bad deflate data: " + e.getMessage());
            return close(1007, "invalid compressed data");
        }
    }

    /** A close frame from the client's side: Tyrus answers it and ends the session with {@code code}. */
    private static Frame close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return Frame.builder().fin(true).opcode(CLOSE).payloadData(payload).build();
    }

    @Override
    public Frame processOutgoing(ExtensionContext context, Frame frame) {
        return frame;
    }

    @Override
    public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requestedParameters) {
        return ANSWER;
    }

    @Override
    public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
        // Server side only.
    }

    @Override
    public void destroy(ExtensionContext context) {
        release(context.getProperties());
    }

    private static void release(Map<String, Object> state) {
        Object left = state.remove(INFLATING);
        if (left instanceof MessageInflater.Message message) {
            message.release();
        }
    }

    /** A parameter of the answer. */
    private record Answer(String getName) implements Parameter {
        @Override
        public String getValue() {
            return null;
        }
    }
}
