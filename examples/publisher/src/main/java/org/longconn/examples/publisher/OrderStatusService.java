package org.longconn.examples.publisher;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.longconn.api.bus.BusFormat;

/**
 * Answers the {@code orders.status} calls the gateway forwards (its {@code remoteOpTypes}): a
 * message-driven bean on the inbound queue, delivered by Artemis's resource adapter, replying to
 * each call's JMSReplyTo with its correlation id. On GlassFish and Payara the adapter is the
 * {@code artemis-ra} module of this application ({@code WEB-INF/glassfish-ejb-jar.xml}); on
 * WildFly it is the server's own, through the pooled connection factory {@code longconn-broker}
 * ({@code WEB-INF/jboss-ejb3.xml}).
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

    @EJB
    private Replies replies;

    @Override
    public void onMessage(Message request) {
        try {
            // Client messages of orders.# come here too; this service has nothing to do with them.
            if (!BusFormat.KIND_CALL.equals(request.getStringProperty(BusFormat.KIND))) {
                return;
            }
            if ("orders.status".equals(request.getStringProperty(BusFormat.OP_TYPE))) {
                String order = ((TextMessage) request).getText();
                replies.answer(request, "{\"order\":" + order + ",\"status\":\"shipped\"}");
            } else {
                replies.fail(request, "unknown_operation", "this service answers orders.status only");
            }
        } catch (JMSException e) {
            LOG.warning("could not answer a call: " + e);
        }
    }
}
