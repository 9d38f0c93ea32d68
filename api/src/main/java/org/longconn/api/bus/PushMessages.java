package org.longconn.api.bus;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;

/**
 * Writes a push as a broker message in the {@link BusFormat}: the one place that knows the body
 * and the properties, for the publisher and for the gateway's sequencer alike.
 */
public final class PushMessages {

    /** Makes empty message bodies: a JMS {@code Session} or {@code JMSContext}. */
    public interface Bodies {
        TextMessage text(String json) throws JMSException;

        BytesMessage bytes() throws JMSException;
    }

    private PushMessages() {}

    /**
     * @param originNode recorded in {@value BusFormat#ORIGIN_NODE}, or {@code null}
     */
    public static Message toMessage(Push push, long publishedAt, String originNode, Bodies bodies) throws JMSException {
        Message message;
        if (push.payload() instanceof PushPayload.Json json) {
            message = bodies.text(json.json());
        } else {
            BytesMessage bytes = bodies.bytes();
            bytes.writeBytes(((PushPayload.Binary) push.payload()).bytes());
            message = bytes;
        }
        message.setStringProperty(BusFormat.OP_TYPE, push.opType());
        message.setLongProperty(BusFormat.PUBLISHED_AT, publishedAt);
        if (originNode != null) {
            message.setStringProperty(BusFormat.ORIGIN_NODE, originNode);
        }
        if (push.target() instanceof PushTarget.User user) {
            message.setStringProperty(BusFormat.TARGET_USER, user.userId());
        } else if (push.target() instanceof PushTarget.Session session) {
            message.setStringProperty(BusFormat.TARGET_SESSION, session.sessionId());
        }
        return message;
    }
}
