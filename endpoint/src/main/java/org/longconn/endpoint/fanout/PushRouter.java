package org.longconn.endpoint.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.bus.PushHandler;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.Outbox;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/**
 * This node's handler of the bus: encode once, record the push in the history, match, and enqueue
 * per session.
 *
 * <p>Pushes are delivered one at a time in the {@link DeliveryOrder} (the bus hands them over in
 * the cluster's order, from one thread with Artemis), which also puts resuming subscribes and polls
 * in that order, so every push falls exactly on one side of a replay. Only enqueueing happens in
 * the order, never a write: the writes to idle outboxes start after it.
 */
@ApplicationScoped
public class PushRouter implements PushHandler {

    private static final Logger LOG = Logger.getLogger(PushRouter.class.getName());

    private SubscriptionIndex index;
    /** The index's per-push lookup without its CDI proxy. */
    private BiConsumer<String, Consumer<String>> subscribers;

    private SessionRegistry sessions;
    /** The registry's lookup without its CDI proxy: one per delivery. */
    private Function<String, GatewaySession> session;

    private DeliveryOrder order;
    /** The order's per-push step without its CDI proxy. */
    private DeliveryOrder.Deliverer deliver;
    /** Where the writes of a push start: the node's writer thread (synchronously in unit tests). */
    private Executor writes;
    /** Counted once per push, after its delivery in order. */
    private GatewayMetrics metrics;

    /** For CDI proxies only. */
    protected PushRouter() {}

    @Inject
    public PushRouter(
            SubscriptionIndex index,
            SessionRegistry sessions,
            DeliveryOrder order,
            GatewayScheduler scheduler,
            GatewayMetrics metrics) {
        this(index, sessions, order, scheduler.writer(), metrics);
    }

    /** A router that starts the writes of each push on the routing thread itself, and counts nothing. */
    public PushRouter(SubscriptionIndex index, SessionRegistry sessions, DeliveryOrder order) {
        this(index, sessions, order, (Executor) Runnable::run, GatewayMetrics.off());
    }

    private PushRouter(
            SubscriptionIndex index,
            SessionRegistry sessions,
            DeliveryOrder order,
            Executor writes,
            GatewayMetrics metrics) {
        this.writes = writes;
        this.metrics = metrics;
        this.index = index;
        this.subscribers = index.subscriberWalk();
        this.sessions = sessions;
        this.session = sessions.lookup();
        this.order = order;
        this.deliver = order.deliverer();
    }

    /**
     * Records {@code push} in the history and delivers it to this node's matching sessions,
     * unless this node already had it (a redelivery).
     *
     * @return how many sessions accepted it into their outbox
     */
    public int route(Push push, long timestamp, Position position) {
        OutboundFrame frame = FrameEncoder.push(push.opType(), timestamp, position, push.payload());
        Delivery fanout = new Delivery(push, frame, position);
        if (!deliver.deliver(push, position, frame, fanout)) {
            return 0;
        }
        // Outside the lock, and on the writer thread, whose buffers the container pools: the writes
        // of this push start there, in the order pushes were routed.
        if (!fanout.toDrain.isEmpty()) {
            writes.execute(fanout::startWrites);
        }
        metrics.pushed(fanout.accepted, fanout.dropped, timestamp, System.currentTimeMillis());
        return fanout.accepted;
    }

    /**
     * One push on its way: queued, in the delivery order, into each matching session's outbox,
     * then written, outside the lock, to the sessions whose outbox was idle.
     */
    private final class Delivery implements DeliveryOrder.Delivery {
        private final Push push;
        private final OutboundFrame frame;
        private final Position position;
        private final List<GatewaySession> toDrain = new ArrayList<>();
        private int accepted;
        /** Sessions whose outbox overflowed or was closing: the push is not theirs any more. */
        private int dropped;

        Delivery(Push push, OutboundFrame frame, Position position) {
            this.push = push;
            this.frame = frame;
            this.position = position;
        }

        @Override
        public void gap(Position through) {
            tellGap(through);
        }

        @Override
        public void deliver() {
            if (push.target() instanceof PushTarget.Subscribers) {
                subscribers.accept(push.opType(), this::toSubscriber);
            } else {
                candidates(push).forEach(this::toTarget);
            }
        }

        void toSubscriber(String sessionId) {
            offer(session.apply(sessionId));
        }

        void toTarget(String sessionId) {
            if (index.isSubscribed(sessionId, push.opType())) {
                offer(sessions.get(sessionId));
            }
        }

        private void offer(GatewaySession session) {
            if (session == null
                    || session.isClosing()
                    || session.resumedAhead() && alreadyHas(session, push, position)) {
                return;
            }
            try {
                Outbox.Offer offer = session.enqueue(frame);
                if (offer == Outbox.Offer.DRAIN) {
                    toDrain.add(session);
                }
                if (offer == Outbox.Offer.DRAIN || offer == Outbox.Offer.ACCEPTED) {
                    accepted++;
                } else {
                    dropped++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery of '" + push.opType() + "' to " + session + " failed; going on", e);
            }
        }

        void startWrites() {
            for (GatewaySession session : toDrain) {
                try {
                    session.drain();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "write of '" + push.opType() + "' to " + session + " failed; going on", e);
                }
            }
        }
    }

    private boolean alreadyHas(GatewaySession session, Push push, Position position) {
        List<String> matching = index.subscriptionsOf(session.id()).stream()
                .filter(subscription -> OpTypes.matches(subscription, push.opType()))
                .toList();
        return session.alreadyHas(position, matching);
    }

    /** This node learned, back on the bus, that it missed pushes: its sessions are told at once. */
    @Override
    public void onMissed(Position through) {
        order.missed(through, new DeliveryOrder.Delivery() {
            @Override
            public void gap(Position known) {
                tellGap(known);
            }

            @Override
            public void deliver() {}
        });
    }

    /**
     * Tells every session with subscriptions that they have a gap up to {@code through}, ahead of
     * any later push in its outbox. Rare (only after this node was off the bus), so it may visit
     * every session. Under the delivery order's lock.
     */
    private void tellGap(Position through) {
        List<GatewaySession> idle = new ArrayList<>();
        int told = 0;
        for (GatewaySession gapped : sessions.all()) {
            Collection<String> subscriptions = index.subscriptionsOf(gapped.id());
            if (subscriptions.isEmpty() || gapped.isClosing()) {
                continue;
            }
            try {
                Outbox.Offer offer = gapped.enqueue(FrameEncoder.gap(through, subscriptions));
                if (offer == Outbox.Offer.DRAIN) {
                    idle.add(gapped);
                }
                told++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "telling " + gapped + " of a gap failed; going on", e);
            }
        }
        int sessionsTold = told;
        LOG.warning(() -> "this node missed pushes through " + through.wire() + "; " + sessionsTold
                + " sessions with subscriptions are told of the gap");
        if (!idle.isEmpty()) {
            writes.execute(() -> {
                for (GatewaySession session : idle) {
                    try {
                        session.drain();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "write of a gap notice to " + session + " failed; going on", e);
                    }
                }
            });
        }
    }

    /** User and session targets are few, checked one by one. */
    private Iterable<String> candidates(Push push) {
        if (push.target() instanceof PushTarget.User user) {
            return sessions.sessionsOf(user.userId());
        }
        return List.of(((PushTarget.Session) push.target()).sessionId());
    }

    @Override
    public void onPush(Push push, long timestamp, Position position) {
        route(push, timestamp, position);
    }

    /**
     * This router as the bus's handler, without the container's client proxy: the bus calls it
     * once per push, and a CDI client proxy allocates an interception context on every call. (Not
     * {@code this}: Weld would hand its proxy back instead of the instance.)
     */
    public PushHandler handler() {
        PushRouter router = this;
        return new PushHandler() {
            @Override
            public void onPush(Push push, long timestamp, Position position) {
                router.route(push, timestamp, position);
            }

            @Override
            public void onMissed(Position through) {
                router.onMissed(through);
            }
        };
    }
}
