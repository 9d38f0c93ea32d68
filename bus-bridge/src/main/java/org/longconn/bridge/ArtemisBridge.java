package org.longconn.bridge;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.longconn.api.bus.Backoff;
import org.longconn.api.bus.DaemonThreads;
import org.longconn.api.bus.Position;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;

/**
 * One gateway node's link to the broker: a consuming connection with the node's {@link Sequencer}
 * (which stamps pushes with their position while this node holds the cluster's exclusive
 * sequencer subscription) and the node's own subscription on the sequenced address, a
 * {@link PushPublisher}, and, when an inbound address is configured, an {@link InboundChannel}
 * forwarding client messages and calls to services. The sequencer has a connection of its own, to
 * the broker that holds the sequence ({@link BridgeSettings#sequencerUrl()}, by default the node's
 * broker). {@link #start} returns at once and connects in the background, retrying with exponential
 * backoff with jitter (0.5 s up to 30 s) for as long as the broker is away; a lost connection is re-established
 * the same way. Back on the bus, the node first catches up on what was stamped while it was away,
 * from the {@link SequenceLog}; where it cannot (the log does not reach back far enough, or the
 * broker lost its state), it is told {@link Listener#onMissed} before any further push. Every
 * push reaches the listener once, in order ({@link SequenceFeed}). The node's WebSocket sessions are unaffected by any of
 * it.
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
         * Back on the bus, the node learned that it missed pushes stamped while it was away, up to
         * and including {@code through}; the pushes that follow come after it. Called before any of
         * them. Default: nothing to do.
         *
         * @param through the last position stamped before the node's feed was back, or {@code
         *     null} when the broker has no record of one (it lost its state)
         */
        default void onMissed(Position through) {}

        /**
         * A message on the nodes' control channel (from any node, this one included), on a broker
         * client thread. Default: ignored.
         */
        default void onControl(String json) {}
    }

    private static final Logger LOG = Logger.getLogger(ArtemisBridge.class.getName());
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;
    private static final long CONNECTION_TTL_MS = 15_000;
    /** Sends waiting for the sender thread at most (unconfirmed pushes are bounded anyway). */
    static final int SEND_QUEUE = 20_000;

    private final BridgeSettings settings;
    private final Listener listener;
    private final Consumer<InboundReply> replyListener;
    /** Validates outside publishers' messages, once for the cluster, in the sequencer. */
    private final PushDecoder validating;

    private final ActiveMQConnectionFactory factory;
    /**
     * The sequencer's connections, to the broker that holds the sequence: without a confirmation
     * window, so that the broker drops a dead node's sessions, and with them its hold on the
     * exclusive sequencer subscription, as soon as its socket closes instead of keeping them for
     * a reattach until the connection's TTL runs out (60 s by default: all pushes of the cluster
     * stood still that long after a kill -9 of the sequencing node).
     */
    private final ActiveMQConnectionFactory sequencing;

    private final DaemonThreads threads;
    private final ScheduledExecutorService connector;
    /**
     * Where every send of this node to the broker starts (pushes, forwarded requests, control
     * messages): one thread of the bridge's own, in order. Never the caller's: the broker client's
     * network layer keeps per-thread caches, which on a container's request threads would outlive
     * an undeployed gateway (and GlassFish reports them as leaks). Bounded: past {@value
     * #SEND_QUEUE} waiting sends, a send is refused at once.
     */
    private final ThreadPoolExecutor sender;

    private final LastStamped record;
    private final SequenceLog log;

    private volatile Connection connection;
    /** The sequencer's connection, from {@link #sequencing}. */
    private volatile Connection sequencerConnection;

    private volatile Sequencer sequencer;
    private volatile PushPublisher publisher;
    private volatile InboundChannel inbound;
    private volatile ControlChannel control;
    private volatile boolean closed;
    /** Jittered, so that the nodes of a cluster do not all return to a restarted broker at once. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(MIN_BACKOFF_MS), Duration.ofMillis(MAX_BACKOFF_MS));

    private boolean reportedDown;
    /** The pushes of the sequence, in order and once each, across reconnects. */
    private final SequenceFeed feed;

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
        this.feed = new SequenceFeed(settings, listener);
        this.factory = factory(settings.brokerUrl(), true);
        this.sequencing =
                factory(settings.sequencesElsewhere() ? settings.sequencerUrl() : settings.brokerUrl(), false);
        this.record = new LastStamped(settings);
        this.log = new SequenceLog(settings);
        this.threads = new DaemonThreads("longconn-bridge");
        this.connector = Executors.newSingleThreadScheduledExecutor(
                task -> threads.newThread(task, "longconn-bridge-" + settings.nodeId()));
        this.sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(SEND_QUEUE),
                task -> threads.newThread(task, "longconn-sender-" + settings.nodeId()));
    }

    /** @param confirming real confirmations for asynchronous sends (publishing, forwarding) */
    private ActiveMQConnectionFactory factory(String url, boolean confirming) {
        ActiveMQConnectionFactory made = new ActiveMQConnectionFactory(url);
        if (settings.user() != null) {
            made.setUser(settings.user());
            made.setPassword(settings.password());
        }
        // A publish while the broker is unreachable fails within seconds instead of hanging.
        made.setCallTimeout(5_000);
        made.setCallFailoverTimeout(5_000);
        // A node that vanishes without closing its socket (its host lost) is dropped by the broker
        // after 15 s without a ping, not the default 60 s; the client pings every 5 s.
        made.setConnectionTTL(CONNECTION_TTL_MS);
        made.setClientFailureCheckPeriod(CONNECTION_TTL_MS / 3);
        if (confirming) {
            // Real confirmations for asynchronous sends (without it Artemis confirms a send as soon
            // as it is written to the socket).
            made.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
        }
        return made;
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
        return current.publishAsync(push, sender);
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
            sender.execute(() -> {
                try {
                    current.send(
                            request,
                            failure -> refused.accept(new ForwardException(
                                    "the broker refused the " + what + ": " + failure.getMessage(), failure)));
                } catch (JMSException | RuntimeException e) {
                    refused.accept(
                            new ForwardException("the broker did not accept the " + what + ": " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ForwardException(
                    "the node has " + SEND_QUEUE + " sends waiting for the broker, or is stopping; the " + what
                            + " was not forwarded",
                    e);
        }
    }

    /**
     * Sends {@code json} on the nodes' control channel, to every node connected to the broker
     * (this one included), without waiting for the broker.
     *
     * @return whether it was sent: {@code false} while the node is not connected
     */
    public boolean sendControl(String json) {
        ControlChannel current = control;
        if (current == null) {
            return false;
        }
        try {
            sender.execute(() -> {
                try {
                    current.send(json);
                } catch (JMSException | RuntimeException e) {
                    LOG.log(Level.FINE, "a control message could not be sent", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "a control message was not sent: the sender is full or stopping", e);
            return false;
        }
    }

    private void controlReceived(String json) {
        try {
            listener.onControl(json);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the control listener failed", e);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection fresh = null;
        Connection freshSequencing = null;
        try {
            fresh = factory.createConnection();
            freshSequencing = sequencing.createConnection();
            Connection watched = fresh;
            fresh.setExceptionListener(e -> connector.execute(() -> lost(watched, e)));
            freshSequencing.setExceptionListener(e -> connector.execute(() -> lost(watched, e)));
            Session sequenceSession = freshSequencing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            record.declare(sequenceSession);
            log.declare(sequenceSession);
            Session session = fresh.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // A plain (non-shared, non-durable) subscription: this node gets every batch stamped
            // from now on. Its listener is set once the node has caught up: until then they wait.
            MessageConsumer consumer = session.createConsumer(session.createTopic(settings.sequencedAddress()));
            Sequencer freshSequencer = new Sequencer(freshSequencing, settings, validating, record, threads);
            fresh.start();
            freshSequencing.start();
            boolean caughtUp = feed.catchUp(sequenceSession, record, log);
            sequenceSession.close();
            consumer.setMessageListener(feed::received);
            freshSequencer.start();
            InboundChannel freshInbound = settings.inboundAddress() == null
                    ? null
                    : new InboundChannel(fresh, settings.inboundAddress(), settings.nodeId(), replyListener);
            ControlChannel freshControl = new ControlChannel(fresh, settings.controlAddress(), this::controlReceived);
            PushPublisher freshPublisher = new PushPublisher(factory, settings.pushAddress(), settings.nodeId());
            // The publisher has a connection of its own: losing it alone must also reconnect.
            freshPublisher.onConnectionLost(e -> connector.execute(() -> lost(watched, e)));
            connection = fresh;
            sequencerConnection = freshSequencing;
            sequencer = freshSequencer;
            inbound = freshInbound;
            control = freshControl;
            publisher = freshPublisher;
            if (closed) {
                // close() ran while this connect was under way: release what it just opened.
                release();
                return;
            }
            backoff.reset();
            reportedDown = false;
            LOG.info(() -> "longconn node " + settings.nodeId() + " connected to the broker at " + settings.brokerUrl()
                    + ", subscribed to " + settings.sequencedAddress() + (caughtUp ? " (caught up)" : "")
                    + ", sequencer standing by on " + settings.pushAddress()
                    + (settings.sequencesElsewhere() ? " at " + settings.sequencerUrl() : ""));
        } catch (JMSException | RuntimeException e) {
            closeQuietly(fresh);
            closeQuietly(freshSequencing);
            retryLater(e);
        }
    }

    private void lost(Connection lostConnection, JMSException cause) {
        if (closed || lostConnection != connection) {
            return;
        }
        LOG.warning(() -> "longconn node " + settings.nodeId() + " lost the broker at " + settings.brokerUrl() + ": "
                + cause.getMessage() + "; reconnecting");
        release();
        connect();
    }

    /** Closes what the last connect opened. */
    private void release() {
        PushPublisher oldPublisher = publisher;
        Sequencer oldSequencer = sequencer;
        Connection oldConnection = connection;
        Connection oldSequencing = sequencerConnection;
        publisher = null;
        inbound = null;
        control = null;
        connection = null;
        sequencerConnection = null;
        sequencer = null;
        if (oldSequencer != null) {
            oldSequencer.close();
        }
        if (oldPublisher != null) {
            oldPublisher.close();
        }
        closeQuietly(oldConnection);
        closeQuietly(oldSequencing);
    }

    private void retryLater(Exception cause) {
        if (closed) {
            return;
        }
        long delay = backoff.nextMillis();
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

    /** Stops reconnecting and releases the connections and the thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        // What was handed over still goes out, on connections that are still open.
        sender.shutdown();
        try {
            connector.awaitTermination(5, TimeUnit.SECONDS);
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
        release();
        factory.close();
        sequencing.close();
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
