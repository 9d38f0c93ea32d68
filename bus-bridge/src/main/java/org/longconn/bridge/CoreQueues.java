package org.longconn.bridge;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;

/**
 * Declares the broker queues the bridge relies on through Artemis's core API (JMS cannot ask for a
 * last-value, ring or auto-deleted queue), over a JMS session's own core session.
 */
final class CoreQueues {

    private CoreQueues() {}

    /**
     * Creates {@code queue} on the multicast {@code address} unless it exists.
     *
     * @return whether it existed already (with whatever messages it holds)
     */
    static boolean declare(Session session, String address, QueueConfiguration queue) throws JMSException {
        ClientSession core = core(session);
        try {
            if (core.queueQuery(SimpleString.of(queue.getName().toString())).isExists()) {
                return true;
            }
            core.createQueue(queue.setAddress(address)
                    .setRoutingType(RoutingType.MULTICAST)
                    .setAutoCreateAddress(true));
            return false;
        } catch (ActiveMQQueueExistsException raced) {
            return true;
        } catch (ActiveMQException e) {
            throw jms("cannot create the queue " + queue.getName() + " on " + address, e);
        }
    }

    /** Deletes {@code queue} and its messages; a queue already gone is fine. */
    static void delete(Session session, String queue) throws JMSException {
        ClientSession core = core(session);
        try {
            if (core.queueQuery(SimpleString.of(queue)).isExists()) {
                core.deleteQueue(queue);
            }
        } catch (ActiveMQException e) {
            throw jms("cannot delete the queue " + queue, e);
        }
    }

    private static ClientSession core(Session session) throws JMSException {
        if (!(session instanceof ActiveMQSession artemis)) {
            throw new JMSException(
                    "not an Artemis JMS session: " + session.getClass().getName());
        }
        return artemis.getCoreSession();
    }

    private static JMSException jms(String what, ActiveMQException cause) {
        JMSException e = new JMSException(what + ": " + cause.getMessage());
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
