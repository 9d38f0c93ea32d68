package org.longconn.it;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.longconn.api.bus.BusFormat;

/**
 * A service outside the gateway, as docs/BUS.md tells one to be written: a plain JMS listener on
 * the inbound address. It answers {@code svc.echo} calls with the data and the caller's session,
 * fails {@code svc.fail}, ignores {@code svc.silent}, and records messages.
 */
final class EchoService implements AutoCloseable {

    record Seen(String kind, String opType, String sessionId, String originNode, String body) {}

    private final JMSContext context;
    private final BlockingQueue<Seen> messages = new LinkedBlockingQueue<>();

    EchoService(String brokerUrl) {
        context = new ActiveMQConnectionFactory(brokerUrl).createContext();
        JMSConsumer consumer = context.createConsumer(context.createQueue(BusFormat.DEFAULT_INBOUND_ADDRESS));
        consumer.setMessageListener(this::handle);
    }

    private void handle(Message request) {
        try {
            String opType = request.getStringProperty(BusFormat.OP_TYPE);
            String body = ((TextMessage) request).getText();
            if (BusFormat.KIND_MESSAGE.equals(request.getStringProperty(BusFormat.KIND))) {
                messages.add(new Seen(
                        BusFormat.KIND_MESSAGE,
                        opType,
                        request.getStringProperty(BusFormat.SESSION_ID),
                        request.getStringProperty(BusFormat.ORIGIN_NODE),
                        body));
                return;
            }
            TextMessage reply;
            switch (opType) {
                case "svc.echo" ->
                    reply = context.createTextMessage("{\"echo\":" + body + ",\"sessionId\":\""
                            + request.getStringProperty(BusFormat.SESSION_ID) + "\"}");
                case "svc.fail" -> {
                    reply = context.createTextMessage();
                    reply.setStringProperty(BusFormat.ERROR_CODE, "not_found");
                    reply.setStringProperty(BusFormat.ERROR_MESSAGE, "nothing here");
                }
                default -> {
                    return; // svc.silent: never answers
                }
            }
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            context.createProducer().send(request.getJMSReplyTo(), reply);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    Seen nextMessage() throws InterruptedException {
        Seen seen = messages.poll(10, TimeUnit.SECONDS);
        if (seen == null) {
            fail("the service received no message within 10 s");
        }
        return seen;
    }

    @Override
    public void close() {
        context.close();
    }
}
