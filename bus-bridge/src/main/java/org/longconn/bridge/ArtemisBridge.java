package org.longconn.bridge;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.bus.Position;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;

/**
 * One gateway node's link to the broker: a consuming connection with the node's {@link Sequencer}
 * (which stamps pushes with their position while this node holds the cluster's exclusive
 * sequencer subscription) and the node's own non-shared subscription on the sequenced address, a
 * {@link PushPublisher}, and, when an inbound address is configured, an {@link InboundChannel}
 * forwarding client messages and calls to services. {@link #start} returns at once and
 * connects in the background, retrying with exponential backoff (0.5 s up to 30 s) for as long as
 * the broker is away; a lost connection is re-established the same way, with a fresh
 * subscription. The node's WebSocket sessions are unaffected by any of it.
 */
public final class ArtemisBridge implements AutoCloseable {

    /**
     * Receives every push published on the bus, once per node, in the cluster's order, on the
     * broker client's thread.
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param push the decoded, validated push
         * @param publishedAt when it was published, ms since the epoch
         * @param position its place in the cluster's sequence, the same on every node
         */
        void onPush(Push push, long publishedAt, Position position);

        /**
         * The node's subscription went away (the broker connection was lost): pushes may pass it
         * by until it is back. Default: nothing to do.
         */
        default void onInterrupted() {}
    }

    private static final Logger LOG = Logger.getLogger(ArtemisBridge.class.getName());
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    private final BridgeSettings settings;
    private final Listener listener;
    private final Consumer<InboundReply> replyListener;
    /** Validates outside publishers' messages, once for the cluster, in the sequencer. */
    private final PushDecoder validating;

    private final ActiveMQConnectionFactory factory;
    private final BridgeThreads threads;
    private final ScheduledExecutorService connector;

    private volatile Connection connection;
    private volatile Sequencer sequencer;
    private volatile PushPublisher publisher;
    private volatile InboundChannel inbound;
    private volatile boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;
    private boolean reportedDown;

    /** A bridge that publishes and receives pushes, and forwards nothing. */
    public ArtemisBridge(BridgeSettings settings, Listener listener) {
        this(settings, listener, reply -> {});
    }

    /**
     * @param replyListener receives the replies to this node's forwarded calls (used when the
     *     settings name an inbound address)
     */
    public ArtemisBridge(BridgeSettings settings, Listener listener, Consumer<InboundReply> replyListener) {
        this.settings = settings;
        this.listener = listener;
        this.replyListener = replyListener;
        this.validating = new PushDecoder(settings.maxOpTypeLength());
        this.factory = new ActiveMQConnectionFactory(settings.brokerUrl());
        if (settings.user() != null) {
            factory.setUser(settings.user());
            factory.setPassword(settings.password());
        }
        // A publish while the broker is unreachable fails within seconds instead of hanging.
        factory.setCallTimeout(5_000);
        factory.setCallFailoverTimeout(5_000);
        // Real confirmations for asynchronous publishes (without it Artemis confirms a send as soon
        // as it is written to the socket).
        factory.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
        this.threads = new BridgeThreads();
        this.connector = Executors.newSingleThreadScheduledExecutor(
                task -> threads.newThread(task, "longconn-bridge-" + settings.nodeId()));
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        connector.execute(this::connect);
    }

    /** Whether the node is connected to the broker right now. */
    public boolean isConnected() {
        return publisher != null;
    }

    /**
     * Publishes {@code push} to every node, without waiting for the broker.
     *
     * @return completes once the broker confirmed the push, or exceptionally with a {@link
     *     PushException} when it refused it or the connection was lost before it confirmed
     * @throws PushException when the node is not connected or the send cannot start
     * @throws org.longconn.api.push.PushOverloadException when too many pushes of this node wait
     *     for their confirmation
     */
    public CompletionStage<Void> publish(Push push) {
        PushPublisher current = publisher;
        if (current == null) {
            throw new PushException("not connected to the broker at " + settings.brokerUrl()
                    + " (reconnecting); the push for '" + push.opType() + "' was not accepted");
        }
        return current.publishAsync(push);
    }

    /**
     * Forwards a client message or call to the services on the inbound address, without waiting
     * for the broker.
     *
     * @param refused told, on a broker thread, when the broker refuses it after all
     * @throws ForwardException when the node is not connected or the send cannot start
     * @throws IllegalStateException when no inbound address is configured
     */
    public void forward(InboundRequest request, Consumer<ForwardException> refused) {
        if (settings.inboundAddress() == null) {
            throw new IllegalStateException("no inbound address configured");
        }
        InboundChannel current = inbound;
        if (current == null) {
            throw new ForwardException(
                    "not connected to the broker at " + settings.brokerUrl() + " (reconnecting)", null);
        }
        String what = (request.isCall() ? "call" : "message") + " for '" + request.opType() + "'";
        try {
            current.send(
                    request,
                    failure -> refused.accept(new ForwardException(
                            "the broker refused the " + what + ": " + failure.getMessage(), failure)));
        } catch (JMSException | RuntimeException e) {
            throw new ForwardException("the broker did not accept the " + what + ": " + e.getMessage(), e);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection fresh = null;
        try {
            fresh = factory.createConnection();
            Connection watched = fresh;
            fresh.setExceptionListener(e -> connector.execute(() -> lost(watched, e)));
            Session session = fresh.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // A plain (non-shared, non-durable) subscription: this node gets every stamped push.
            MessageConsumer consumer = session.createConsumer(session.createTopic(settings.sequencedAddress()));
            consumer.setMessageListener(this::received);
            Sequencer freshSequencer = new Sequencer(fresh, settings, validating, threads);
            fresh.start();
            freshSequencer.start();
            InboundChannel freshInbound = settings.inboundAddress() == null
                    ? null
                    : new InboundChannel(fresh, settings.inboundAddress(), settings.nodeId(), replyListener);
            PushPublisher freshPublisher = new PushPublisher(factory, settings.pushAddress(), settings.nodeId());
            // The publisher has a connection of its own: losing it alone must also reconnect.
            freshPublisher.onConnectionLost(e -> connector.execute(() -> lost(watched, e)));
            connection = fresh;
            sequencer = freshSequencer;
            inbound = freshInbound;
            publisher = freshPublisher;
            if (closed) {
                // close() ran while this connect was under way: release what it just opened.
                publisher = null;
                inbound = null;
                connection = null;
                sequencer = null;
                freshSequencer.close();
                freshPublisher.close();
                closeQuietly(fresh);
                return;
            }
            backoffMs = MIN_BACKOFF_MS;
            reportedDown = false;
            LOG.info(() -> "longconn node " + settings.nodeId() + " connected to the broker at " + settings.brokerUrl()
                    + ", subscribed to " + settings.sequencedAddress() + ", sequencer epoch " + freshSequencer.epoch()
                    + " standing by on " + settings.pushAddress());
        } catch (JMSException | RuntimeException e) {
            closeQuietly(fresh);
            retryLater(e);
        }
    }

    private void lost(Connection lostConnection, JMSException cause) {
        if (closed || lostConnection != connection) {
            return;
        }
        LOG.warning(() -> "longconn node " + settings.nodeId() + " lost the broker at " + settings.brokerUrl() + ": "
                + cause.getMessage() + "; reconnecting");
        try {
            listener.onInterrupted();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the push listener failed on an interruption", e);
        }
        PushPublisher oldPublisher = publisher;
        Sequencer oldSequencer = sequencer;
        publisher = null;
        inbound = null;
        connection = null;
        sequencer = null;
        if (oldSequencer != null) {
            oldSequencer.close();
        }
        if (oldPublisher != null) {
            oldPublisher.close();
        }
        closeQuietly(lostConnection);
        connect();
    }

    private void retryLater(Exception cause) {
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        if (!reportedDown) {
            reportedDown = true;
            LOG.warning(() ->
                    "longconn node " + settings.nodeId() + " cannot reach the broker at " + settings.brokerUrl() + " ("
                            + cause.getMessage() + "); serving WebSocket clients meanwhile, retrying with backoff");
        } else {
            LOG.fine(() -> "broker still unreachable; next try in " + delay + " ms");
        }
        connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** One {@link SequencedBatch} from the sequencer: its pushes, in order, with their positions. */
    private void received(Message message) {
        String epoch;
        long first;
        List<SequencedBatch.Entry> entries;
        try {
            if (!message.propertyExists(SequencedBatch.FORMAT)
                    || message.getIntProperty(SequencedBatch.FORMAT) != SequencedBatch.FORMAT_VERSION
                    || !(message instanceof BytesMessage body)) {
                LOG.warning(() -> "dropped a message on " + settings.sequencedAddress() + " that is not a batch of"
                        + " this gateway version's sequencer; publish pushes on " + settings.pushAddress());
                return;
            }
            epoch = message.getStringProperty(BusFormat.POSITION_EPOCH);
            first = message.getLongProperty(SequencedBatch.FIRST_SEQ);
            byte[] bytes = new byte[(int) body.getBodyLength()];
            body.readBytes(bytes);
            entries = SequencedBatch.read(bytes, message.getIntProperty(SequencedBatch.COUNT));
        } catch (JMSException | IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "dropped a message on " + settings.sequencedAddress() + " that could not be read",
                    e);
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            SequencedBatch.Entry entry = entries.get(i);
            try {
                listener.onPush(entry.push(), entry.publishedAt(), new Position(epoch, first + i));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery of a push for '" + entry.push().opType() + "' failed", e);
            }
        }
    }

    /** Stops reconnecting and releases the connections and the thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        try {
            connector.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PushPublisher oldPublisher = publisher;
        Sequencer oldSequencer = sequencer;
        publisher = null;
        inbound = null;
        sequencer = null;
        if (oldSequencer != null) {
            oldSequencer.close();
        }
        if (oldPublisher != null) {
            oldPublisher.close();
        }
        closeQuietly(connection);
        connection = null;
        factory.close();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.FINE, "closing a broker connection failed", e);
            }
        }
    }
}
