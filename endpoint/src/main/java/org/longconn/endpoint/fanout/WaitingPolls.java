package org.longconn.endpoint.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.config.PollConfig;
import org.longconn.endpoint.subscription.DefaultSubscriptionIndex;

/**
 * The long-polls this node holds open, the second kind of recipient of pushes after sessions. A
 * poll waits only while the history had nothing for it; the {@link DeliveryOrder} tells {@link #pushed} every
 * push it keeps, and each poll that push could concern is removed and woken once, to answer from
 * the history. Bounded: a node holds at most {@link PollConfig#maxWaiting()} polls.
 *
 * <p>Thread-safe; every method is short and never blocks.
 */
@ApplicationScoped
public class WaitingPolls {

    private static final Logger LOG = Logger.getLogger(WaitingPolls.class.getName());

    /** A waiting poll. */
    public interface Waiter {
        /** Unique while it waits. */
        String id();

        /** The poll's user, or {@code null} when anonymous (it sees user-targeted pushes of this user only). */
        String user();

        /** The opTypes and patterns it waits on (valid ones). */
        List<String> subscriptions();

        /** Called once when a push arrives that it may be missing. Must not block: it runs under the delivery lock. */
        void wake();
    }

    private int max;
    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
    private final Map<String, Waiter> waiters = new HashMap<>();
    private final Map<String, Set<String>> byUser = new HashMap<>();

    /** For CDI proxies only. */
    protected WaitingPolls() {}

    @Inject
    public WaitingPolls(PollConfig config) {
        this(config.maxWaiting());
    }

    public WaitingPolls(int max) {
        this.max = max;
    }

    /**
     * Adds {@code waiter}.
     *
     * @return {@code false} when the node already holds its maximum of waiting polls
     */
    public synchronized boolean add(Waiter waiter) {
        if (waiters.size() >= max) {
            return false;
        }
        waiters.put(waiter.id(), waiter);
        waiter.subscriptions().forEach(subscription -> index.register(waiter.id(), subscription));
        if (waiter.user() != null) {
            byUser.computeIfAbsent(waiter.user(), u -> new HashSet<>()).add(waiter.id());
        }
        return true;
    }

    /**
     * Removes {@code waiter} (it timed out or its client went away).
     *
     * @return {@code false} if it was no longer waiting (woken meanwhile)
     */
    public synchronized boolean remove(Waiter waiter) {
        Waiter removed = waiters.remove(waiter.id());
        if (removed == null) {
            return false;
        }
        index.unregisterAll(removed.id());
        if (removed.user() != null) {
            Set<String> ofUser = byUser.get(removed.user());
            ofUser.remove(removed.id());
            if (ofUser.isEmpty()) {
                byUser.remove(removed.user());
            }
        }
        return true;
    }

    /** How many polls wait now. */
    public synchronized int size() {
        return waiters.size();
    }

    /**
     * Removes and wakes every waiting poll {@code push} may concern: subscribers of its opType for
     * a push to all, the user's polls subscribed to it for a user-targeted push. Session-targeted
     * pushes concern no poll (a poll is no session).
     */
    public void pushed(Push push) {
        for (Waiter waiter : take(push)) {
            try {
                waiter.wake();
            } catch (RuntimeException e) {
                // Its request is gone (completed, or the container is stopping): the others still wake.
                LOG.log(Level.FINE, "waking " + waiter + " failed", e);
            }
        }
    }

    private synchronized List<Waiter> take(Push push) {
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        PushTarget target = push.target();
        if (target instanceof PushTarget.Subscribers) {
            ids.addAll(index.find(push.opType()));
        } else if (target instanceof PushTarget.User user) {
            for (String id : byUser.getOrDefault(user.userId(), Set.of())) {
                if (waiters.get(id).subscriptions().stream().anyMatch(s -> OpTypes.matches(s, push.opType()))) {
                    ids.add(id);
                }
            }
        }
        List<Waiter> woken = new ArrayList<>(ids.size());
        for (String id : ids) {
            Waiter waiter = waiters.get(id);
            if (waiter != null && remove(waiter)) {
                woken.add(waiter);
            }
        }
        return woken;
    }
}
