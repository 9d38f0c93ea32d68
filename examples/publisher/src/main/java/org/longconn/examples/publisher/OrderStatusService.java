package org.longconn.examples.publisher;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.longconn.api.bus.BusFormat;

/**
 * Answers the {@code orders.status} calls the gateway forwards (its {@code remoteOpTypes}): a
 * message-driven bean on the inbound queue, delivered by Artemis's resource adapter (the
 * {@code artemis-ra} module of this application, bound in {@code WEB-INF/glassfish-ejb-jar.xml}),
 * replying to each call's JMSReplyTo with its correlation id.
 *
 * <p>Not transacted ({@code NOT_SUPPORTED}): a call is answered at most once, and a failed
 * delivery is redelivered by the adapter; no XA is needed for a reply the client would retry.
 */
@MessageDriven(
        name = "OrderStatusService",
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            @ActivationConfigProperty(propertyName = "destination", propertyValue = BusFormat.DEFAULT_INBOUND_ADDRESS),
            // The destination is the broker's queue name, not a JNDI name, with no prefix: WildFly's
            // adapter would otherwise prepend "jms.queue." (its default queuePrefix, Artemis 1.x's).
            @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
            @ActivationConfigProperty(propertyName = "queuePrefix", propertyValue = ""),
            @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
        })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderStatusService implements MessageListener {

    private static final Logger LOG = Logger.getLogger(OrderStatusService.class.getName());

    /** This instance's own connection for replies: the container calls one instance at a time. */
    private JMSContext replies;

    @PostConstruct
    void connect() {
        replies = Broker.connectionFactory().createContext();
    }

    @Override
    public void onMessage(Message request) {
        try {
            // Client messages of orders.# come here too; this service has nothing to do with them.
            if (!BusFormat.KIND_CALL.equals(request.getStringProperty(BusFormat.KIND))) {
                return;
            }
            TextMessage reply;
            if ("orders.status".equals(request.getStringProperty(BusFormat.OP_TYPE))) {
                String order = ((TextMessage) request).getText();
                reply = replies.createTextMessage("{\"order\":" + order + ",\"status\":\"shipped\"}");
            } else {
                reply = replies.createTextMessage();
                reply.setStringProperty(BusFormat.ERROR_CODE, "unknown_operation");
                reply.setStringProperty(BusFormat.ERROR_MESSAGE, "this service answers orders.status only");
            }
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            replies.createProducer().send(replyTo(request.getJMSReplyTo()), reply);
        } catch (JMSException e) {
            LOG.warning("could not answer a call: " + e);
        }
    }

    /**
     * The reply queue, named again through this bean's own client: the adapter's destination
     * object may come from the adapter's class loader, which the client here cannot send to.
     */
    private Destination replyTo(Destination requested) throws JMSException {
        return requested instanceof Queue queue ? replies.createQueue(queue.getQueueName()) : requested;
    }

    @PreDestroy
    void close() {
        replies.close();
    }
}
