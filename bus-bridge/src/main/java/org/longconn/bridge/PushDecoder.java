package org.longconn.bridge;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.push.JsonValues;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;

/**
 * Turns a broker message into a push, checking what outside publishers may get wrong. The
 * sequencer validates each push once for the whole cluster; the nodes receive it in a {@link
 * SequencedBatch}, which they read without validating again.
 */
final class PushDecoder {

    /** A message that is not a valid push, with the reason to log. */
    static final class InvalidPush extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPush(String message) {
            super(message, null, false, false);
        }
    }

    /** A decoded push and its publish time. */
    record Decoded(Push push, long publishedAt) {}

    private final int maxOpTypeLength;

    PushDecoder(int maxOpTypeLength) {
        this.maxOpTypeLength = maxOpTypeLength;
    }

    Decoded decode(Message message) throws InvalidPush, JMSException {
        String opType = message.getStringProperty(BusFormat.OP_TYPE);
        if (opType == null) {
            throw new InvalidPush("missing property '" + BusFormat.OP_TYPE + "'");
        }
        String problem = OpTypes.validateExact(opType, maxOpTypeLength);
        if (problem != null) {
            throw new InvalidPush(problem);
        }
        String user = message.getStringProperty(BusFormat.TARGET_USER);
        String session = message.getStringProperty(BusFormat.TARGET_SESSION);
        if (user != null && session != null) {
            throw new InvalidPush(
                    "both '" + BusFormat.TARGET_USER + "' and '" + BusFormat.TARGET_SESSION + "' are set");
        }
        PushTarget target = user != null
                ? PushTarget.user(user)
                : session != null ? PushTarget.session(session) : PushTarget.subscribers();
        long publishedAt = message.propertyExists(BusFormat.PUBLISHED_AT)
                ? message.getLongProperty(BusFormat.PUBLISHED_AT)
                : message.getJMSTimestamp();
        return new Decoded(new Push(opType, target, payload(message)), publishedAt);
    }

    private PushPayload payload(Message message) throws InvalidPush, JMSException {
        if (message instanceof TextMessage text) {
            String json = text.getText();
            if (json == null || JsonValues.problem(json) != null) {
                throw new InvalidPush("the text body is not one JSON value");
            }
            return new PushPayload.Json(json);
        }
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return new PushPayload.Binary(body);
        }
        throw new InvalidPush("a push is a text message (JSON) or a bytes message, not "
                + message.getClass().getSimpleName());
    }
}
