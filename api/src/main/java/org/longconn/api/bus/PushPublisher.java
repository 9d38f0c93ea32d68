package org.longconn.api.bus;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Objects;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;

/**
 * Publishes pushes to the gateway's bus with plain JMS, from any service that can reach the
 * broker: no gateway code, only this jar and a JMS client.
 *
 * <pre>{@code
 * ConnectionFactory factory = new ActiveMQConnectionFactory("tcp://broker:61616");
 * try (PushPublisher publisher = new PushPublisher(factory)) {
 *     publisher.publish(Push.of("order.created", new PushPayload.Json("{\"id\":42}")));
 * }
 * }</pre>
 *
 * <p>{@link #publish} returns once the broker has accepted the message, and throws {@link
 * PushException} when it could not: messages are sent with persistent delivery, which makes the
 * send wait for the broker's acknowledgement (pushes are still not stored, because the gateway
 * nodes' subscriptions are not durable). Thread-safe: sends are serialized on one JMS context; use
 * one publisher per thread for more throughput.
 */
public final class PushPublisher implements AutoCloseable {

    private final JMSContext context;
    private final JMSProducer producer;
    private final Topic address;
    private final String originNode;

    /** Publishes to {@value BusFormat#DEFAULT_PUSH_ADDRESS}. */
    public PushPublisher(ConnectionFactory factory) {
        this(factory, BusFormat.DEFAULT_PUSH_ADDRESS, null);
    }

    /**
     * @param factory the broker's connection factory (with credentials if the broker needs them)
     * @param address the push address the gateway nodes subscribe to
     * @param originNode recorded in {@value BusFormat#ORIGIN_NODE}, or {@code null}
     * @throws PushException if the broker cannot be reached
     */
    public PushPublisher(ConnectionFactory factory, String address, String originNode) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(address, "address");
        try {
            this.context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            this.address = context.createTopic(address);
            this.producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
        } catch (JMSRuntimeException e) {
            throw new PushException("cannot connect to the broker to publish pushes: " + e.getMessage(), e);
        }
        this.originNode = originNode;
    }

    /**
     * Publishes {@code push}, stamped with the current time.
     *
     * @throws PushException if the broker did not accept it
     */
    public void publish(Push push) {
        publish(push, System.currentTimeMillis());
    }

    /**
     * Publishes {@code push} with an explicit publish time.
     *
     * @throws PushException if the broker did not accept it
     */
    public synchronized void publish(Push push, long publishedAt) {
        try {
            Message message = toMessage(push, publishedAt);
            producer.send(address, message);
        } catch (JMSRuntimeException | JMSException e) {
            throw new PushException(
                    "the broker did not accept the push for '" + push.opType() + "': " + e.getMessage(), e);
        }
    }

    private Message toMessage(Push push, long publishedAt) throws JMSException {
        return PushMessages.toMessage(push, publishedAt, originNode, new PushMessages.Bodies() {
            @Override
            public TextMessage text(String json) {
                return context.createTextMessage(json);
            }

            @Override
            public BytesMessage bytes() {
                return context.createBytesMessage();
            }
        });
    }

    /**
     * Registers a callback for the loss of the publisher's broker connection (after which every
     * publish fails until a new publisher is made).
     */
    public void onConnectionLost(ExceptionListener listener) {
        context.setExceptionListener(listener);
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (JMSRuntimeException e) {
            // closing a context whose connection is already gone: nothing left to release
        }
    }
}
