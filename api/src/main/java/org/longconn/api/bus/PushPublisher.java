package org.longconn.api.bus;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushOverloadException;

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
 * nodes' subscriptions are not durable). {@link #publishAsync} returns at once and completes when
 * the broker has confirmed the push, so that one publisher keeps many pushes in flight; it needs
 * the connection factory's confirmation window (Artemis: {@code confirmationWindowSize}, e.g.
 * {@code tcp://broker:61616?confirmationWindowSize=1048576}), without which Artemis completes a
 * send as soon as it is written to the connection. At most {@code maxUnconfirmed} pushes wait for
 * their confirmation; past that, {@link #publishAsync} throws {@link PushOverloadException}.
 * Thread-safe: sends are serialized on one JMS context; a blocking {@link #publish} holds it for
 * one broker round trip, so use {@link #publishAsync} (or one publisher per thread) for
 * throughput.
 */
public final class PushPublisher implements AutoCloseable {

    private final JMSContext context;
    private final JMSProducer producer;
    private final JMSProducer asyncProducer;
    private final Topic address;
    private final String originNode;
    private final int maxUnconfirmed;
    private final Semaphore unconfirmed;
    /** Asynchronous sends not yet confirmed, failed by {@link #close} if the broker never answers. */
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

    /** The default bound of {@link #publishAsync} pushes waiting for their confirmation. */
    public static final int DEFAULT_MAX_UNCONFIRMED = 10_000;

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
        this(factory, address, originNode, DEFAULT_MAX_UNCONFIRMED);
    }

    /**
     * @param maxUnconfirmed how many {@link #publishAsync} pushes may wait for the broker's
     *     confirmation at once
     * @throws PushException if the broker cannot be reached
     */
    public PushPublisher(ConnectionFactory factory, String address, String originNode, int maxUnconfirmed) {
        Objects.requireNonNull(factory, "factory");
        if (maxUnconfirmed < 1) {
            throw new IllegalArgumentException("maxUnconfirmed must be positive, got " + maxUnconfirmed);
        }
        this.maxUnconfirmed = maxUnconfirmed;
        this.unconfirmed = new Semaphore(maxUnconfirmed);
        Objects.requireNonNull(address, "address");
        try {
            this.context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            this.address = context.createTopic(address);
            this.producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            this.asyncProducer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
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

    /**
     * Sends {@code push}, stamped with the current time, without waiting for the broker.
     *
     * @return completes when the broker has confirmed the push, or exceptionally with a {@link
     *     PushException} when it refused it or the connection was lost first
     * @throws PushOverloadException when {@code maxUnconfirmed} pushes already wait for their
     *     confirmation (nothing was sent)
     * @throws PushException when the send could not even start (e.g. the connection is closed)
     */
    public CompletionStage<Void> publishAsync(Push push) {
        CompletableFuture<Void> confirmed = reserve(push);
        send(push, confirmed);
        return confirmed;
    }

    /**
     * Like {@link #publishAsync(Push)}, but the send itself runs on {@code sendOn}: the caller's
     * thread then never touches the broker client, whose network layer keeps per-thread caches (a
     * container's request threads outlive the application that published). The bound on
     * unconfirmed pushes is checked on the caller's thread and counts the pushes waiting for
     * {@code sendOn}, so that queue is bounded too. Pushes handed over in one order are sent in
     * that order when {@code sendOn} runs its tasks in order (a single thread).
     *
     * @return completes when the broker has confirmed the push, or exceptionally with a {@link
     *     PushException} when it refused it, the send could not start, or the connection was lost
     *     first
     * @throws PushOverloadException when {@code maxUnconfirmed} pushes already wait (nothing was sent)
     * @throws PushException when {@code sendOn} takes no more tasks (it is shutting down)
     */
    public CompletionStage<Void> publishAsync(Push push, Executor sendOn) {
        CompletableFuture<Void> confirmed = reserve(push);
        try {
            sendOn.execute(() -> {
                try {
                    send(push, confirmed);
                } catch (PushException alreadyReported) {
                    // send completed the future with it: the caller hears of it there
                }
            });
        } catch (RejectedExecutionException e) {
            PushException failure =
                    new PushException("the publisher is closing; the push for '" + push.opType() + "' was not sent", e);
            confirmed.completeExceptionally(failure);
            throw failure;
        }
        return confirmed;
    }

    /** Takes one of the unconfirmed sends, or refuses at once: the future that the confirmation completes. */
    private CompletableFuture<Void> reserve(Push push) {
        if (!unconfirmed.tryAcquire()) {
            throw new PushOverloadException(maxUnconfirmed + " pushes are waiting for the broker's confirmation;"
                    + " the push for '" + push.opType() + "' was not sent: retry it shortly");
        }
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        pending.add(confirmed);
        confirmed.whenComplete((ignored, failure) -> {
            if (pending.remove(confirmed)) {
                unconfirmed.release();
            }
        });
        return confirmed;
    }

    /** Starts the send of {@code push}; a send that cannot start fails {@code confirmed} and throws. */
    private void send(Push push, CompletableFuture<Void> confirmed) {
        try {
            synchronized (this) {
                Message message = toMessage(push, System.currentTimeMillis());
                // One JMSProducer, its listener set per send: Artemis binds the listener to the send.
                asyncProducer
                        .setAsync(new Confirmation(confirmed, push.opType()))
                        .send(address, message);
            }
        } catch (JMSRuntimeException | JMSException e) {
            PushException failure = new PushException(
                    "the broker did not accept the push for '" + push.opType() + "': " + e.getMessage(), e);
            confirmed.completeExceptionally(failure);
            throw failure;
        }
    }

    /** Completes one asynchronous send's future; called on the broker client's thread. */
    private record Confirmation(CompletableFuture<Void> future, String opType) implements CompletionListener {
        @Override
        public void onCompletion(Message message) {
            future.complete(null);
        }

        @Override
        public void onException(Message message, Exception exception) {
            future.completeExceptionally(new PushException(
                    "the broker refused the push for '" + opType + "': " + exception.getMessage(), exception));
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

    /**
     * Closes the connection. Pushes still waiting for their confirmation fail with a {@link
     * PushException}: the broker may or may not have them.
     */
    @Override
    public void close() {
        try {
            context.close();
        } catch (JMSRuntimeException e) {
            // closing a context whose connection is already gone: nothing left to release
        }
        for (CompletableFuture<Void> waiting : pending) {
            waiting.completeExceptionally(
                    new PushException(
                            "the broker connection closed before the push was confirmed; it may or may not have been published"));
        }
    }
}
