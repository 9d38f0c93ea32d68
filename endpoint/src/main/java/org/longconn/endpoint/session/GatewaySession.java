package org.longconn.endpoint.session;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.bus.Position;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * One connected client as the gateway sees it: identity, outbox, inbound limits, liveness. All
 * writes go through the outbox. A server-side close always sends a {@code disconnect} frame first,
 * then the close frame with the same code, and falls back to closing outright when the client
 * does not take the last frame within the grace period.
 */
public final class GatewaySession implements Peer {

    private static final Logger LOG = Logger.getLogger(GatewaySession.class.getName());

    private final String id;
    private final String userId;
    /** Per resumed subscription, the client's position when it was ahead of this node. */
    private volatile Map<String, Position> resumedThrough = Map.of();

    private final Transport transport;
    private final Outbox outbox;
    private final InboundLimiter limiter;
    private final Closer closer;
    private final TerminationListener termination;
    private final MessageAssembler assembler;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean transportClosed = new AtomicBoolean();
    private volatile long lastSeenNanos;
    private final Expiry expiry = new Expiry();
    /** See {@link #subscriptionChanges()}. */
    private final Object subscriptionChanges = new Object();

    private volatile Disconnect disconnect;

    /** Hears once that the session ended, whoever ended it. */
    @FunctionalInterface
    public interface TerminationListener {
        void terminated(GatewaySession session, int code, String reason);
    }

    /**
     * Runs closes off the caller's thread, and closes for good after a grace period; and takes
     * over writing from container threads that must not start the next write themselves.
     */
    public interface Closer {
        /** Runs {@code close} soon, on another thread. */
        void closeSoon(Runnable close);

        /** Runs {@code close} after the grace period, on another thread. */
        void closeLater(Runnable close);

        /** Runs {@code drain} (a session's next writes) soon, on another thread; never blocks. */
        void handOff(Runnable drain);
    }

    public GatewaySession(
            String id,
            String userId,
            Transport transport,
            OutboxLimits limits,
            InboundLimiter limiter,
            MessageAssembler assembler,
            Closer closer,
            TerminationListener termination,
            long nowNanos) {
        this.id = id;
        this.assembler = assembler;
        this.termination = termination;
        this.userId = userId;
        this.transport = transport;
        this.limiter = limiter;
        this.closer = closer;
        this.lastSeenNanos = nowNanos;
        this.outbox = new Outbox(transport, limits.maxMessages(), limits.maxBytes(), outboxListener(), closer::handOff);
    }

    private Outbox.Listener outboxListener() {
        return new Outbox.Listener() {
            @Override
            public void finished() {
                closeTransport();
            }

            @Override
            public void sendFailed(Throwable failure) {
                LOG.log(Level.FINE, () -> "session " + id + ": write failed, closing: " + failure);
                closing.set(true);
                closer.closeSoon(() -> {
                    terminate(1011, "write failed");
                    transport.close(1011, "write failed");
                });
            }
        };
    }

    /** Outbox bounds. */
    public record OutboxLimits(int maxMessages, long maxBytes) {}

    @Override
    public String id() {
        return id;
    }

    /**
     * Held while this session's subscriptions change (the client's subscribe and unsubscribe,
     * those the server makes), so that they change one at a time: checks, registering and the
     * answer are one step. Taken before the delivery order's lock, never while holding it.
     */
    public Object subscriptionChanges() {
        return subscriptionChanges;
    }

    /** When the session's credentials expire (PROTOCOL.md §16). */
    public Expiry expiry() {
        return expiry;
    }

    /** The user id, or {@code null} for anonymous sessions. */
    @Override
    public String userId() {
        return userId;
    }

    public MessageAssembler assembler() {
        return assembler;
    }

    public InboundLimiter limiter() {
        return limiter;
    }

    /** Frames waiting in the outbox, not counting a write in flight. */
    public int queuedMessages() {
        return outbox.queuedMessages();
    }

    /** Records inbound traffic for the idle timeout. */
    public void touch(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    /**
     * After {@code subscription} was resumed on a node that is behind the client's position (the
     * client came from a node that had received more), live pushes up to that position matching
     * it are ones the client already has.
     */
    public synchronized void alreadyHasThrough(String subscription, Position position) {
        Map<String, Position> next = new HashMap<>(resumedThrough);
        next.merge(subscription, position, Position::laterOf);
        resumedThrough = Map.copyOf(next);
    }

    /** Whether some subscription was resumed ahead of this node (rare: then {@link #alreadyHas} is asked). */
    public boolean resumedAhead() {
        return !resumedThrough.isEmpty();
    }

    /**
     * Whether the client already got the push at {@code position} through every one of
     * {@code matching}, the session's subscriptions that the push matches: only then is it skipped.
     */
    public boolean alreadyHas(Position position, Collection<String> matching) {
        Map<String, Position> resumed = resumedThrough;
        if (resumed.isEmpty()) {
            return false;
        }
        if (resumed.values().stream().noneMatch(position::isCoveredBy)) {
            // Pushes arrive in order: this node has caught up, and no later push needs the check.
            synchronized (this) {
                if (resumedThrough == resumed) {
                    resumedThrough = Map.of();
                }
            }
            return false;
        }
        if (matching.isEmpty()) {
            return false;
        }
        for (String subscription : matching) {
            Position through = resumed.get(subscription);
            if (through == null || !position.isCoveredBy(through)) {
                return false;
            }
        }
        return true;
    }

    public boolean isClosing() {
        return closing.get();
    }

    /** Whether the end of the session has been reported (its index entries are being removed). */
    public boolean isTerminated() {
        return terminated.get();
    }

    /**
     * Queues {@code frame}. On overflow the session is closed as a slow consumer; the caller goes
     * on with other sessions either way.
     *
     * @return whether the frame was queued
     */
    @Override
    public boolean send(OutboundFrame frame) {
        return overflowChecked(outbox.offer(frame)) == Outbox.Offer.ACCEPTED;
    }

    /**
     * Queues {@code frame} without starting a write, for a caller that holds a lock of its own (the
     * fan-out's delivery lock): on {@link Outbox.Offer#DRAIN} it must call {@link #drain()} once
     * the lock is released. On overflow the session is closed as a slow consumer.
     */
    public Outbox.Offer enqueue(OutboundFrame frame) {
        return overflowChecked(outbox.enqueue(frame));
    }

    /** Writes what is queued; owed after {@link #enqueue} answered {@link Outbox.Offer#DRAIN}. */
    public void drain() {
        outbox.drain();
    }

    private Outbox.Offer overflowChecked(Outbox.Offer offer) {
        if (offer == Outbox.Offer.OVERFLOW) {
            LOG.info(() -> "session " + id + " is a slow consumer (outbox limits reached); closing with "
                    + CloseCodes.SLOW_CONSUMER);
            close(Disconnect.reconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: outbox full"), 0, true);
        }
        return offer;
    }

    /**
     * Closes the session as a slow consumer if a write has been in flight since before
     * {@code startedBefore} (a {@link System#nanoTime()} value): a peer that stopped reading, or a
     * write the container never completes, must not hold the session (and its memory) for ever.
     *
     * @return whether this call began closing the session
     */
    public boolean closeIfWriteStuck(long startedBefore, long limitMs) {
        if (closing.get() || !outbox.writeStartedBefore(startedBefore)) {
            return false;
        }
        LOG.info(() -> "session " + id + ": a write did not complete within " + limitMs + " ms; closing with "
                + CloseCodes.SLOW_CONSUMER);
        return close(
                Disconnect.reconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: a write took over " + limitMs + " ms"),
                0,
                true);
    }

    /**
     * Sends a {@code disconnect} frame after the frames already queued, then closes with its code.
     *
     * @return {@code false} if the session was already closing
     */
    public boolean disconnect(Disconnect disconnect) {
        return close(disconnect, 0, false);
    }

    /**
     * As {@link #disconnect(Disconnect)}, advising the client to wait {@code delayMs} before it
     * reconnects (a draining node spreads its clients' returns).
     */
    public boolean disconnect(Disconnect disconnect, long delayMs) {
        return close(disconnect, delayMs, false);
    }

    /**
     * Ends the session and closes the socket at once, on this thread (used at shutdown). Runs even
     * when a close is already queued elsewhere: the queue may never run once the node stops. Both
     * steps are idempotent.
     */
    public void closeNow() {
        Disconnect d =
                disconnect != null ? disconnect : Disconnect.reconnect(CloseCodes.SHUTDOWN, "gateway shutting down");
        transportClosed.set(true);
        terminate(d.code(), d.reason());
        transport.close(d.code(), d.reason());
    }

    /** How the server closed the session, or {@code null} if it did not (yet). */
    public Disconnect serverDisconnect() {
        return disconnect;
    }

    private boolean close(Disconnect d, long delayMs, boolean dropQueued) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        disconnect = d;
        outbox.finish(FrameEncoder.disconnect(d, delayMs), dropQueued);
        closer.closeLater(this::afterGrace);
        return true;
    }

    /**
     * The grace period is over. If the {@code disconnect} frame was written, the close already
     * began (or begins now); if not, the peer is not taking what is written, and a close frame
     * would wait behind the rest: the connection is dropped instead.
     */
    private void afterGrace() {
        Disconnect d = disconnect;
        if (outbox.lastWritten()) {
            closeTransport();
        } else if (d != null && transportClosed.compareAndSet(false, true)) {
            closer.closeSoon(() -> {
                terminate(d.code(), d.reason());
                transport.abort();
            });
        }
    }

    /**
     * Ends the session on the server's side, then closes the socket. The session is unregistered
     * first: a client that stopped reading may never let the close handshake finish, and the
     * container then never reports the close.
     */
    private void closeTransport() {
        Disconnect d = disconnect;
        if (d != null && transportClosed.compareAndSet(false, true)) {
            closer.closeSoon(() -> {
                terminate(d.code(), d.reason());
                transport.close(d.code(), d.reason());
            });
            // The close frame, too, can wait behind bytes a peer never reads: bound the whole close.
            closer.closeLater(transport::abort);
        }
    }

    /**
     * Reports the end of the session to its listener, once, whichever side closed.
     *
     * @return {@code false} if it had already been reported
     */
    public boolean terminate(int code, String reason) {
        if (!terminated.compareAndSet(false, true)) {
            return false;
        }
        closing.set(true);
        outbox.close();
        termination.terminated(this, code, reason);
        return true;
    }

    @Override
    public String toString() {
        return "GatewaySession[" + id + (userId != null ? ", user " + userId : "") + "]";
    }
}
