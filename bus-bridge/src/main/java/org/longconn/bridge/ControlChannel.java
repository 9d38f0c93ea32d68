package org.longconn.bridge;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The nodes' control channel on one broker connection: short JSON texts on the multicast address
 * {@code <pushAddress>.control}, which every node, this one included, receives on a subscription
 * of its own while it is connected. Nodes announce themselves there and ask each other to act on
 * their sessions. Not persistent and not durable: a control message is for the nodes connected
 * now, and its sender learns of a node that missed it by that node's missing answer. Replaced on
 * every reconnect.
 */
final class ControlChannel {

    private static final Logger LOG = Logger.getLogger(ControlChannel.class.getName());
    /** A control message not delivered within this long is of no use any more. */
    private static final long TIME_TO_LIVE_MS = 30_000;

    private final Session session;
    private final MessageProducer producer;

    ControlChannel(Connection connection, String controlAddress, Consumer<String> listener) throws JMSException {
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic control = session.createTopic(controlAddress);
        this.producer = session.createProducer(control);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.setTimeToLive(TIME_TO_LIVE_MS);
        // A second session: JMS sessions are single-threaded, and messages arrive on the client's thread.
        Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = receiving.createConsumer(control);
        consumer.setMessageListener(message -> received(message, listener));
    }

    /** Sends {@code json} to every connected node without waiting for the broker. */
    synchronized void send(String json) throws JMSException {
        TextMessage message = session.createTextMessage(json);
        producer.send(message, new CompletionListener() {
            @Override
            public void onCompletion(Message sent) {
                // taken by the broker
            }

            @Override
            public void onException(Message notSent, Exception exception) {
                LOG.log(Level.FINE, "a control message was not sent", exception);
            }
        });
    }

    private static void received(Message message, Consumer<String> listener) {
        try {
            if (message instanceof TextMessage text && text.getText() != null) {
                listener.accept(text.getText());
            } else {
                LOG.warning("dropped a control message that is not a text message: " + message);
            }
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, "a control message could not be handled", e);
        }
    }
}
