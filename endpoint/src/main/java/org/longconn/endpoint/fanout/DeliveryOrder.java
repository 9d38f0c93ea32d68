package org.longconn.endpoint.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.history.PushHistory;
import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * The order in which this node hands pushes out: it owns the push history, the long-polls that
 * wait for pushes, and the one lock that puts every delivery, every resuming subscribe and every
 * poll's look into the history in a single order. Each of its operations does its whole step
 * under that lock, so a push is either in what a subscriber replays or a poll reads, or reaches it
 * later, live or by waking it: never both, never neither.
 *
 * <p>What runs under the lock only registers, enqueues and hands over; it never writes to a
 * socket and never blocks.
 */
@ApplicationScoped
public class DeliveryOrder {

    /** What a push delivery does once the push is in the history: it runs under the lock. */
    public interface Delivery {
        /** This node learned that it missed the pushes through {@code through}. */
        void gap(Position through);

        /** Enqueues the push to its recipients. */
        void deliver();
    }

    /** {@link #deliver}, as the router calls it once per push. */
    @FunctionalInterface
    public interface Deliverer {
        boolean deliver(Push push, Position position, OutboundFrame frame, Delivery delivery);
    }

    /** A subscribe as the order runs it: register, replay what the client missed, answer. */
    public interface Subscribing {
        /** Puts the new subscriptions in the index. */
        void register();

        /** The subscriptions to resume, with the positions the client gave (may be empty). */
        List<PushHistory.Resume> resumes();

        /** The subscriber's user, or {@code null}: it may replay pushes to its user only. */
        String user();

        int maxPushes();

        long maxBytes();

        /**
         * Enqueues the answer, then the replay, in that order.
         *
         * @param now the position of the last push this node delivered
         * @param replay what the client missed, or {@code null} when it resumes nothing
         */
        void answer(Position now, PushHistory.Replay<OutboundFrame> replay);
    }

    /**
     * A long-poll looking into the history: it answers from what it finds, or waits among the
     * {@link WaitingPolls} until a push wakes it.
     *
     * @param <A> its answer
     */
    public interface Looking<A> extends WaitingPolls.Waiter {
        /** The subscriptions polled with a position. */
        List<PushHistory.Resume> resumes();

        int maxPushes();

        long maxBytes();

        /**
         * Decides from what the history holds for it.
         *
         * @return its answer, or {@code null} to wait
         */
        A answer(Position now, PushHistory.Page<OutboundFrame> page);

        /** The answer when it would wait, but the node holds as many waiting polls as it may. */
        A tooManyWaiting();
    }

    private PushHistory<OutboundFrame> history;
    private WaitingPolls waiting;
    private final Object lock = new Object();

    /** For CDI proxies only. */
    protected DeliveryOrder() {}

    @Inject
    public DeliveryOrder(HistoryConfig config, WaitingPolls waiting) {
        this.history = new PushHistory<>(config.perStream(), config.maxAgeMs(), config.maxBytes());
        this.waiting = waiting;
    }

    /**
     * Appends a push to the history and, unless this node had it already, tells the gap in front
     * of it, wakes the polls it may concern (they read it from the history) and delivers it.
     *
     * @return {@code false} for a redelivery, which delivers nothing
     */
    public boolean deliver(Push push, Position position, OutboundFrame frame, Delivery delivery) {
        PushTarget target = push.target();
        // Session-targeted pushes are not kept: no poll or resume may see another session's push.
        boolean keep = !(target instanceof PushTarget.Session);
        String user = target instanceof PushTarget.User one ? one.userId() : null;
        synchronized (lock) {
            PushHistory.Appended appended = history.append(
                    push.opType(), user, position, frame, frame.size(), keep, System.currentTimeMillis());
            if (appended == PushHistory.Appended.DUPLICATE) {
                return false;
            }
            if (appended == PushHistory.Appended.AFTER_GAP) {
                delivery.gap(new Position(position.epoch(), position.seq() - 1));
            }
            // Sessions first: a poll that fails to wake must not cost the sessions their push.
            delivery.deliver();
            if (keep) {
                waiting.pushed(push);
            }
            return true;
        }
    }

    /**
     * {@link #deliver} bound to this instance, without the container's client proxy: the fan-out
     * calls it once per push, and a client proxy looks the instance up on every call.
     */
    public Deliverer deliverer() {
        return this::deliver;
    }

    /**
     * Records that this node missed the pushes through {@code through} ({@code null}: it does not
     * know how many), and lets {@code delivery} tell its sessions before any later push.
     */
    public void missed(Position through, Delivery delivery) {
        synchronized (lock) {
            Position known = through != null ? through : PushHistory.NONE;
            history.missed(known);
            delivery.gap(known);
        }
    }

    /** Registers, replays and answers {@code subscribing} between two deliveries. */
    public void subscribe(Subscribing subscribing) {
        synchronized (lock) {
            subscribing.register();
            List<PushHistory.Resume> resumes = subscribing.resumes();
            PushHistory.Replay<OutboundFrame> replay = resumes.isEmpty()
                    ? null
                    : history.replay(
                            resumes,
                            subscribing.user(),
                            subscribing.maxPushes(),
                            subscribing.maxBytes(),
                            System.currentTimeMillis());
            subscribing.answer(history.position(), replay);
        }
    }

    /**
     * Lets {@code poll} look into the history and answer, or, when it answers {@code null}, makes
     * it wait for the next push it may concern.
     *
     * @return its answer, or {@code null} when it waits
     */
    public <A> A lookOrWait(Looking<A> poll) {
        synchronized (lock) {
            PushHistory.Page<OutboundFrame> page = history.page(
                    poll.resumes(), poll.user(), poll.maxPushes(), poll.maxBytes(), System.currentTimeMillis());
            A answer = poll.answer(history.position(), page);
            if (answer != null) {
                return answer;
            }
            return waiting.add(poll) ? null : poll.tooManyWaiting();
        }
    }

    /**
     * Ends the wait of {@code poll} (its time is up or its client went away).
     *
     * @return {@code false} if it was not waiting (a push woke it meanwhile)
     */
    public boolean stopWaiting(WaitingPolls.Waiter poll) {
        synchronized (lock) {
            return waiting.remove(poll);
        }
    }

    /** The position of the last push this node delivered (where a subscription made now starts). */
    public Position position() {
        synchronized (lock) {
            return history.position();
        }
    }

    /** The bytes the history holds (for metrics, when scraped). */
    public long historyBytes() {
        synchronized (lock) {
            return history.bytes();
        }
    }

    /** The pushes the history holds (for metrics, when scraped). */
    public int historyPushes() {
        synchronized (lock) {
            return history.size();
        }
    }
}
