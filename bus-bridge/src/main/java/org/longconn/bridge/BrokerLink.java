package org.longconn.bridge;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.longconn.api.bus.Backoff;
import org.longconn.api.bus.DaemonThreads;
import org.longconn.api.bus.PushPublisher;

/**
 * The {@link ArtemisBridge}'s connections to the broker and their lifecycle: it connects on its
 * own thread, and on a lost connection (or a broker that is not there yet) releases what it had
 * and tries again with jittered exponential backoff, until {@link #stop}. While connected, it
 * holds the node's {@link Sequencer}, the subscription feeding the {@link SequenceFeed}, a {@link
 * PushPublisher} and the {@link InboundChannel} and {@link ControlChannel}; each is replaced as a
 * whole on a reconnect, so a caller reads the current one and finds {@code null} while there is
 * none.
 */
final class BrokerLink {

    private static final Logger LOG = Logger.getLogger(BrokerLink.class.getName());
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;
    private static final long CONNECTION_TTL_MS = 15_000;

    private final BridgeSettings settings;
    private final SequenceFeed feed;
    private final Consumer<InboundReply> replyListener;
    private final Consumer<String> controlListener;
    private final DaemonThreads threads;
    /** Validates outside publishers' messages, once for the cluster, in the sequencer. */
    private final PushDecoder validating;

    private final LastStamped record;
    private final SequenceLog log;

    private final ActiveMQConnectionFactory factory;
    /**
     * The sequencer's connections, to the broker that holds the sequence: without a confirmation
     * window, so that the broker drops a dead node's sessions, and with them its hold on the
     * exclusive sequencer subscription, as soon as its socket closes instead of keeping them for
     * a reattach until the connection's TTL runs out (60 s by default: all pushes of the cluster
     * stood still that long after a kill -9 of the sequencing node).
     */
    private final ActiveMQConnectionFactory sequencing;

    /** Where every connect, loss and retry runs, one at a time. */
    private final ScheduledExecutorService connector;
    /** Jittered, so that the nodes of a cluster do not all return to a restarted broker at once. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(MIN_BACKOFF_MS), Duration.ofMillis(MAX_BACKOFF_MS));

    private boolean reportedDown;

    private volatile Connection connection;
    /** The sequencer's connection, from {@link #sequencing}. */
    private volatile Connection sequencerConnection;

    private volatile Sequencer sequencer;
    private volatile PushPublisher publisher;
    private volatile InboundChannel inbound;
    private volatile ControlChannel control;
    private volatile boolean closed;

    /**
     * @param feed receives the sequenced pushes of every connection in turn
     * @param replyListener receives the replies on the inbound channel, when there is one
     * @param controlListener receives the messages on the control channel
     * @param threads makes the reconnect thread and the sequencer's
     */
    BrokerLink(
            BridgeSettings settings,
            SequenceFeed feed,
            Consumer<InboundReply> replyListener,
            Consumer<String> controlListener,
            DaemonThreads threads) {
        this.settings = settings;
        this.feed = feed;
        this.replyListener = replyListener;
        this.controlListener = controlListener;
        this.threads = threads;
        this.validating = new PushDecoder(settings.maxOpTypeLength());
        this.record = new LastStamped(settings);
        this.log = new SequenceLog(settings);
        this.factory = factory(settings.brokerUrl(), true);
        this.sequencing =
                factory(settings.sequencesElsewhere() ? settings.sequencerUrl() : settings.brokerUrl(), false);
        this.connector = Executors.newSingleThreadScheduledExecutor(
                task -> threads.newThread(task, "longconn-bridge-" + settings.nodeId()));
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

    /** Starts connecting on the reconnect thread; returns at once. */
    void start() {
        connector.execute(this::connect);
    }

    /** The current connection's publisher, or {@code null} while not connected. */
    PushPublisher publisher() {
        return publisher;
    }

    /** The current connection's inbound channel, or {@code null} while not connected or not configured. */
    InboundChannel inbound() {
        return inbound;
    }

    /** The current connection's control channel, or {@code null} while not connected. */
    ControlChannel control() {
        return control;
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
            ControlChannel freshControl = new ControlChannel(fresh, settings.controlAddress(), controlListener);
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
                // stop() ran while this connect was under way: release what it just opened.
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

    /**
     * Stops reconnecting: a connect under way is interrupted, and one that still succeeds releases
     * what it opened. The current connections stay open, for the sends already handed over.
     */
    void stop() {
        closed = true;
        connector.shutdownNow();
    }

    /** Waits up to {@code timeout} for the reconnect thread to end, after {@link #stop}. */
    boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return connector.awaitTermination(timeout, unit);
    }

    /**
     * After {@link #stop}, closes the current connections and the factories, on a thread of the
     * link's own, and waits for it up to {@code timeout}, even when interrupted (the interrupt is
     * kept). Not on the caller's thread: closing sends to the broker, and the broker client's
     * network layer leaves a thread-local cache on the thread that sends, which on a container's
     * thread outlives the undeployed gateway (GlassFish reports it as a leak at every undeploy).
     *
     * @return whether the connections were closed within {@code timeout}
     */
    boolean releaseAll(long timeout, TimeUnit unit) {
        Thread closer = threads.newThread(
                () -> {
                    try {
                        release();
                        factory.close();
                        sequencing.close();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "closing the broker connections failed", e);
                    }
                },
                "longconn-closer-" + settings.nodeId());
        closer.start();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        boolean interrupted = false;
        try {
            for (long left = unit.toNanos(timeout); closer.isAlive() && left > 0; left = deadline - System.nanoTime()) {
                try {
                    // Rounded up: join(0) would wait for ever.
                    closer.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    // Returning means the connections are closed, as when the caller closed them
                    // itself: only the bound may break that, not an interrupt.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return !closer.isAlive();
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
