package org.longconn.bridge;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.longconn.api.bus.BusFormat;

/**
 * Forwarding on one broker connection: sends client messages and calls to the inbound address
 * (anycast: one service instance takes each), and receives the replies to this node's calls on a
 * temporary queue of its own, named in each call's JMSReplyTo. Replaced on every reconnect.
 */
final class InboundChannel {

    private static final Logger LOG = Logger.getLogger(InboundChannel.class.getName());

    private final Session session;
    private final MessageProducer producer;
    private final TemporaryQueue replies;
    private final String nodeId;

    InboundChannel(Connection connection, String inboundAddress, String nodeId, Consumer<InboundReply> replyListener)
            throws JMSException {
        this.nodeId = nodeId;
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue inbound = session.createQueue(inboundAddress);
        this.producer = session.createProducer(inbound);
        this.replies = session.createTemporaryQueue();
        // A second session: JMS sessions are single-threaded, and replies arrive on the client's thread.
        Session replySession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = replySession.createConsumer(replies);
        consumer.setMessageListener(message -> received(message, replyListener));
    }

    /**
     * Starts sending {@code request} and returns without waiting for the broker: the caller is a
     * WebSocket read thread, which a slow broker must not hold. {@code failed} hears of a refusal.
     */
    synchronized void send(InboundRequest request, Consumer<Exception> failed) throws JMSException {
        TextMessage message = session.createTextMessage(request.dataJson());
        message.setStringProperty(BusFormat.KIND, request.isCall() ? BusFormat.KIND_CALL : BusFormat.KIND_MESSAGE);
        message.setStringProperty(BusFormat.OP_TYPE, request.opType());
        message.setStringProperty(BusFormat.SESSION_ID, request.sessionId());
        message.setStringProperty(BusFormat.ORIGIN_NODE, nodeId);
        if (request.userId() != null) {
            message.setStringProperty(BusFormat.USER_ID, request.userId());
        }
        if (request.isCall()) {
            message.setJMSReplyTo(replies);
            message.setJMSCorrelationID(request.correlationId());
        }
        // Persistent, so the broker acknowledges it; asynchronous, so nobody waits for that here.
        producer.send(
                message,
                jakarta.jms.DeliveryMode.PERSISTENT,
                Message.DEFAULT_PRIORITY,
                Message.DEFAULT_TIME_TO_LIVE,
                new CompletionListener() {
                    @Override
                    public void onCompletion(Message sent) {
                        // accepted by the broker
                    }

                    @Override
                    public void onException(Message notSent, Exception exception) {
                        failed.accept(exception);
                    }
                });
    }

    private static void received(Message message, Consumer<InboundReply> replyListener) {
        try {
            String correlationId = message.getJMSCorrelationID();
            if (correlationId == null) {
                LOG.warning("dropped a reply without JMSCorrelationID");
                return;
            }
            String error = message.getStringProperty(BusFormat.ERROR_CODE);
            String body = message instanceof TextMessage text ? text.getText() : null;
            replyListener.accept(
                    new InboundReply(correlationId, body, error, message.getStringProperty(BusFormat.ERROR_MESSAGE)));
        } catch (JMSException | RuntimeException e) {
            LOG.warning("dropped a reply that could not be read: " + e);
        }
    }
}
