package org.longconn.examples.publisher;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.longconn.api.bus.BusFormat;

/**
 * The service's connection for replies to forwarded calls, one for all instances of the
 * message-driven bean. A singleton (its container lock serializes the sends on the one JMS
 * context) that depends on {@link ArtemisClientThreads}, so the context is closed before the
 * client's threads end at undeploy.
 */
@Singleton
@DependsOn("ArtemisClientThreads")
public class Replies {

    private JMSContext context;

    @PostConstruct
    void connect() {
        context = Broker.connectionFactory().createContext();
    }

    /** Answers {@code call} with {@code json}. */
    public void answer(Message call, String json) throws JMSException {
        send(call, context.createTextMessage(json));
    }

    /** Fails {@code call} with an application error {@code code} (docs/BUS.md, replies). */
    public void fail(Message call, String code, String message) throws JMSException {
        TextMessage reply = context.createTextMessage();
        reply.setStringProperty(BusFormat.ERROR_CODE, code);
        reply.setStringProperty(BusFormat.ERROR_MESSAGE, message);
        send(call, reply);
    }

    private void send(Message call, TextMessage reply) throws JMSException {
        reply.setJMSCorrelationID(call.getJMSCorrelationID());
        context.createProducer().send(replyTo(call.getJMSReplyTo()), reply);
    }

    /**
     * The reply queue, named again through this client: the adapter's destination object may come
     * from the adapter's class loader, which the client here cannot send to.
     */
    private Destination replyTo(Destination requested) throws JMSException {
        return requested instanceof Queue queue ? context.createQueue(queue.getQueueName()) : requested;
    }

    @PreDestroy
    void close() {
        context.close();
    }
}
