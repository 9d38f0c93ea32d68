package org.longconn.bridge;

import jakarta.jms.JMSException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * the same way ({@link BrokerLink}). Back on the bus, the node first catches up on what was stamped while it was away,
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
    /** Sends waiting for the sender thread at most (unconfirmed pushes are bounded anyway). */
    static final int SEND_QUEUE = 20_000;
    /**
     * How long {@link #close} waits for the connections to close; the sends still queued and the
     * reconnect thread have 5 s each before that.
     */
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    private final BridgeSettings settings;
    private final Listener listener;
    /**
     * Where every send of this node to the broker starts (pushes, forwarded requests, control
     * messages): one thread of the bridge's own, in order. Never the caller's: the broker client's
     * network layer keeps per-thread caches, which on a container's request threads would outlive
     * an undeployed gateway (and GlassFish reports them as leaks). Bounded: past {@value
     * #SEND_QUEUE} waiting sends, a send is refused at once.
     */
    private final ThreadPoolExecutor sender;
    /** The connections, and their reconnects. */
    private final BrokerLink link;

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
        DaemonThreads threads = new DaemonThreads("longconn-bridge");
        this.sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(SEND_QUEUE),
                task -> threads.newThread(task, "longconn-sender-" + settings.nodeId()));
        this.link = new BrokerLink(
                settings, new SequenceFeed(settings, listener), replyListener, this::controlReceived, threads);
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        link.start();
    }

    /** Whether the node is connected to the broker right now. */
    public boolean isConnected() {
        return link.publisher() != null;
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
        PushPublisher current = link.publisher();
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
        InboundChannel current = link.inbound();
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
        ControlChannel current = link.control();
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

    /**
     * Stops reconnecting and releases the connections and the threads. Idempotent. The connections
     * are closed on a thread of the bridge's, not the caller's (see {@link #sender}); this returns
     * once they are, or after a bounded wait, with a warning.
     */
    @Override
    public void close() {
        link.stop();
        // What was handed over still goes out, on connections that are still open.
        sender.shutdown();
        try {
            link.awaitStopped(5, TimeUnit.SECONDS);
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (!link.releaseAll(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            LOG.warning(() -> "longconn node " + settings.nodeId() + " did not finish closing its broker connections"
                    + " within " + CLOSE_TIMEOUT_MS + " ms; they close in the background");
        }
    }
}
