package org.longconn.examples.publisher;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.longconn.api.bus.BusFormat;

/**
 * Answers the {@code orders.status} calls the gateway forwards (its {@code remoteOpTypes}): a JMS
 * listener on the inbound address, replying to each call's JMSReplyTo with its correlation id.
 */
@Singleton
@Startup
public class OrderStatusService {

    private static final Logger LOG = Logger.getLogger(OrderStatusService.class.getName());

    private JMSContext context;

    @PostConstruct
    void listen() {
        context = Broker.connectionFactory().createContext();
        context.createConsumer(context.createQueue(BusFormat.DEFAULT_INBOUND_ADDRESS)).setMessageListener(this::answer);
    }

    private void answer(Message request) {
        try {
            if (!BusFormat.KIND_CALL.equals(request.getStringProperty(BusFormat.KIND))) {
                return;
            }
            TextMessage reply;
            if ("orders.status".equals(request.getStringProperty(BusFormat.OP_TYPE))) {
                String order = ((TextMessage) request).getText();
                reply = context.createTextMessage("{\"order\":" + order + ",\"status\":\"shipped\"}");
            } else {
                reply = context.createTextMessage();
                reply.setStringProperty(BusFormat.ERROR_CODE, "unknown_operation");
                reply.setStringProperty(BusFormat.ERROR_MESSAGE, "this service answers orders.status only");
            }
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            context.createProducer().send(request.getJMSReplyTo(), reply);
        } catch (JMSException e) {
            LOG.warning("could not answer a call: " + e);
        }
    }

    @PreDestroy
    void close() {
        context.close();
    }
}
