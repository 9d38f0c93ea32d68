package org.longconn.endpoint.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.bus.PushHandler;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.history.PushHistory;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/**
 * This node's handler of the bus: record the push in the history, match, encode once, enqueue per
 * session, and wake the long-polls waiting for it.
 *
 * <p>Pushes are delivered one at a time under a delivery lock (the bus hands them over in the
 * cluster's order, from one thread with Artemis). A resuming subscribe takes the same lock to
 * register its subscription and enqueue its replay, so every push falls exactly on one side: in
 * the replay, or delivered live after it. The lock is held only to enqueue, never to write.
 */
@ApplicationScoped
public class PushRouter implements PushHandler {

    private static final Logger LOG = Logger.getLogger(PushRouter.class.getName());

    private SubscriptionIndex index;
    private SessionRegistry sessions;
    private PushHistory<OutboundFrame> history;
    private WaitingPolls polls;
    private final Object delivery = new Object();

    /** For CDI proxies only. */
    protected PushRouter() {}

    @Inject
    public PushRouter(
            SubscriptionIndex index, SessionRegistry sessions, HistoryConfig historyConfig, WaitingPolls polls) {
        this.index = index;
        this.sessions = sessions;
        this.polls = polls;
        this.history = new PushHistory<>(historyConfig.perStream(), historyConfig.maxAgeMs(), historyConfig.maxBytes());
    }

    /**
     * Records {@code push} in the history and delivers it to this node's matching sessions,
     * unless this node already had it (a redelivery).
     *
     * @return how many sessions accepted it into their outbox
     */
    public int route(Push push, long timestamp, Position position) {
        OutboundFrame frame = FrameEncoder.push(push.opType(), timestamp, position, push.payload());
        PushTarget target = push.target();
        synchronized (delivery) {
            boolean keep = !(target instanceof PushTarget.Session);
            String user = target instanceof PushTarget.User one ? one.userId() : null;
            if (history.append(push.opType(), user, position, frame, frame.size(), keep, System.currentTimeMillis())
                    == PushHistory.Appended.DUPLICATE) {
                return 0;
            }
            if (keep) {
                // After the append: a woken poll answers from the history, which now holds this push.
                polls.pushed(push);
            }
            return deliver(push, frame, position);
        }
    }

    private int deliver(Push push, OutboundFrame frame, Position position) {
        int delivered = 0;
        boolean checkSubscription = !(push.target() instanceof PushTarget.Subscribers);
        for (String sessionId : candidates(push)) {
            if (checkSubscription && !index.isSubscribed(sessionId, push.opType())) {
                continue;
            }
            GatewaySession session = sessions.get(sessionId);
            if (session == null
                    || session.isClosing()
                    || session.resumedAhead() && alreadyHas(session, push, position)) {
                continue;
            }
            try {
                if (session.send(frame)) {
                    delivered++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery of '" + push.opType() + "' to " + session + " failed; going on", e);
            }
        }
        return delivered;
    }

    private boolean alreadyHas(GatewaySession session, Push push, Position position) {
        List<String> matching = index.subscriptionsOf(session.id()).stream()
                .filter(subscription -> OpTypes.matches(subscription, push.opType()))
                .toList();
        return session.alreadyHas(position, matching);
    }

    /**
     * This node's view of the sequence was interrupted (its broker connection went): until the
     * next push shows what it missed, no resume can be vouched for.
     */
    @Override
    public void onInterrupted() {
        synchronized (delivery) {
            history.interrupt();
        }
    }

    /**
     * Runs {@code action} while no push is being delivered on this node, with the history: what
     * it registers and enqueues falls after every push already delivered and before every push
     * still to come. It must only register and enqueue, never block.
     */
    public <T> T exclusively(Function<PushHistory<OutboundFrame>, T> action) {
        synchronized (delivery) {
            return action.apply(history);
        }
    }

    /** Subscribers come from the index; user and session targets are few, checked one by one. */
    private Iterable<String> candidates(Push push) {
        PushTarget target = push.target();
        if (target instanceof PushTarget.User user) {
            return sessions.sessionsOf(user.userId());
        }
        if (target instanceof PushTarget.Session one) {
            return List.of(one.sessionId());
        }
        return index.find(push.opType());
    }

    @Override
    public void onPush(Push push, long timestamp, Position position) {
        route(push, timestamp, position);
    }
}
