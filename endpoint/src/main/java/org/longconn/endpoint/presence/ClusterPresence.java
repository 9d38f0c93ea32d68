package org.longconn.endpoint.presence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.event.PresenceJoined;
import org.longconn.api.event.PresenceLeft;
import org.longconn.api.presence.Presence;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.bus.BusConfig;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.PresenceConfig;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.protocol.PresenceFrames;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.scheduling.SerialTasks;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.Outbox;

/**
 * Presence across the cluster (PROTOCOL.md §18, docs/BUS.md "Presence"). This node counts its own
 * sessions' memberships, tells the other nodes each change on the control channel (numbered, so
 * that a node that missed one asks for the whole table), keeps every node's counts, drops a node's
 * counts when it stops or its lease runs out, and turns each join and leave into frames for the
 * sessions watching the opType and into CDI events.
 *
 * <p>One lock guards the tables and the watchers: frames are queued under it, so each watcher sees
 * its snapshot and then the changes in the order this node applied them, and written after it.
 */
@ApplicationScoped
public class ClusterPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());
    /** How often the nodes' leases are checked. */
    static final long CHECK_MS = 1_000;
    /** How long an unanswered request for a node's table waits before the next. */
    static final long ASK_AGAIN_MS = 5_000;
    /** Join and leave events waiting for the application's observers; beyond, they are dropped (and logged). */
    static final int MAX_WAITING_EVENTS = 10_000;
    /** Changes of one opType at once beyond which its watchers get a fresh snapshot instead of one frame each. */
    static final int MAX_CHANGE_FRAMES = 64;

    private Bus bus;
    private GatewayConfig config;
    private GatewayScheduler scheduler;
    private PresenceEvents observers;
    private int maxListed;
    private String self;
    private final long incarnation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

    private final Object lock = new Object();
    private final PresenceTable table = new PresenceTable();
    private final Memberships memberships = new Memberships();
    private final Watchers watchers = new Watchers();
    private PresencePeers peers;
    private long seq;
    /** Set when the node stops: nothing more is sent. */
    private boolean stopped;

    private SerialTasks events;
    private Future<?> checking;

    /** For CDI proxies only. */
    protected ClusterPresence() {}

    @Inject
    public ClusterPresence(
            Bus bus,
            BusConfig busConfig,
            GatewayConfig config,
            PresenceConfig presenceConfig,
            GatewayScheduler scheduler,
            PresenceEvents observers) {
        this(bus, busConfig.nodeId(), config, presenceConfig, scheduler, observers);
    }

    /** Presence of node {@code nodeId} on {@code bus}. */
    public ClusterPresence(
            Bus bus,
            String nodeId,
            GatewayConfig config,
            PresenceConfig presenceConfig,
            GatewayScheduler scheduler,
            PresenceEvents observers) {
        this.bus = bus;
        this.config = config;
        this.scheduler = scheduler;
        this.observers = observers;
        this.maxListed = presenceConfig.maxPresenceMembers();
        this.self = nodeId;
        this.events = new SerialTasks(scheduler::application, MAX_WAITING_EVENTS);
        this.peers = new PresencePeers(Long.MAX_VALUE, ASK_AGAIN_MS);
    }

    /**
     * Starts checking the other nodes' leases: a node not heard from for {@code leaseMs} (the
     * cluster's node expiry) is dropped with its members. Called once the control channel is wired.
     */
    public void start(long leaseMs) {
        synchronized (lock) {
            peers.lease(leaseMs);
        }
        checking = scheduler.every(this::expire, CHECK_MS);
    }

    /**
     * The node stops: it checks no more leases and tells the others nothing more (it is about to
     * say it leaves, which takes its members out everywhere at once; what its sessions' ends would
     * send after that would only bring them back for a while).
     */
    public void stop() {
        synchronized (lock) {
            stopped = true;
        }
        if (checking != null) {
            checking.cancel(false);
        }
    }

    /** Whether a control message of {@code kind} is one of presence's, for {@link #received}. */
    public static boolean handles(String kind) {
        return PresenceMessage.isOne(kind);
    }

    /** This run of the node, told to the others in its announcements. */
    public long incarnation() {
        return incarnation;
    }

    /** The number of this node's last presence message, told to the others in its announcements. */
    public long lastSent() {
        synchronized (lock) {
            return seq;
        }
    }

    // ---- this node's sessions ----

    /** {@code session} now holds {@code opTypes} (the exact ones with a user make it a member). */
    public void subscribed(GatewaySession session, Collection<String> opTypes) {
        String user = session.userId();
        if (user == null || opTypes.isEmpty()) {
            return;
        }
        Effects effects = new Effects();
        synchronized (lock) {
            if (session.isTerminated()) {
                // Its end was reported, or is about to be, and takes back only what it finds.
                return;
            }
            List<PresenceMessage.Count> counts = new ArrayList<>();
            for (String opType : opTypes) {
                if (!OpTypes.isPattern(opType) && memberships.add(session.id(), user, opType)) {
                    counts.add(count(opType, user, +1, effects));
                }
            }
            publish(counts);
            effects.queueUnderLock();
        }
        effects.run();
    }

    /** {@code session} no longer holds {@code opType}: it neither counts in it nor watches it. */
    public void unsubscribed(GatewaySession session, String opType) {
        Effects effects = new Effects();
        synchronized (lock) {
            watchers.remove(session, opType);
            String user = memberships.remove(session.id(), opType);
            if (user != null) {
                publish(List.of(count(opType, user, -1, effects)));
            }
            effects.queueUnderLock();
        }
        effects.run();
    }

    /** {@code session} ended: everything it counted in and watched is taken back. */
    public void ended(GatewaySession session) {
        Effects effects = new Effects();
        synchronized (lock) {
            watchers.removeAll(session);
            Memberships.Member member = memberships.removeAll(session.id());
            if (member != null) {
                List<PresenceMessage.Count> counts = new ArrayList<>();
                member.opTypes().forEach(opType -> counts.add(count(opType, member.user(), -1, effects)));
                publish(counts);
            }
            effects.queueUnderLock();
        }
        effects.run();
    }

    /**
     * {@code session} watches {@code opType} (exact) from now: its snapshot is queued now, and
     * every change after it. Call after its {@code subscribed} answer was queued.
     *
     * @return whether the session's outbox must be drained by the caller
     */
    public boolean watch(GatewaySession session, String opType) {
        synchronized (lock) {
            if (session.isTerminated()) {
                return false;
            }
            watchers.add(session, opType);
            return session.enqueue(PresenceFrames.snapshot(opType, table.members(opType), maxListed))
                    == Outbox.Offer.DRAIN;
        }
    }

    /** This node's count of {@code user} on {@code opType} changed by {@code delta}; under the lock. */
    private PresenceMessage.Count count(String opType, String user, int delta, Effects effects) {
        int now = Math.max(0, table.count(self, opType, user) + delta);
        table.set(self, opType, user, now, effects.changes);
        return new PresenceMessage.Count(opType, user, now);
    }

    /** Tells the other nodes; under the lock, so that the numbers go out in order. */
    private void publish(List<PresenceMessage.Count> counts) {
        if (!counts.isEmpty()) {
            send(new PresenceMessage.Changes(self, incarnation, ++seq, counts));
        }
    }

    private void send(PresenceMessage message) {
        if (stopped) {
            return;
        }
        // Lost while the broker is away: the number still counts, so the others see the gap in
        // the next announcement and ask for the table.
        bus.sendControl(message.json());
    }

    // ---- the other nodes ----

    /** A presence message of the control channel (any node, this one included), on a bus thread. */
    public void received(JsonObject json) {
        PresenceMessage message;
        try {
            message = PresenceMessage.parse(json);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "dropped a presence message: " + e.getMessage());
            return;
        }
        Effects effects = new Effects();
        synchronized (lock) {
            long now = now();
            if (message instanceof PresenceMessage.Changes changes
                    && !changes.node().equals(self)) {
                PresencePeers.Verdict verdict = heard(changes.node(), changes.incarnation(), now, effects)
                        ? peers.changes(changes.node(), changes.seq())
                        : PresencePeers.Verdict.STALE;
                if (verdict != PresencePeers.Verdict.STALE) {
                    changes.counts()
                            .forEach(count -> table.set(
                                    changes.node(), count.opType(), count.user(), count.sessions(), effects.changes));
                }
                if (verdict == PresencePeers.Verdict.APPLY_AND_ASK) {
                    ask(changes.node(), now);
                }
            } else if (message instanceof PresenceMessage.Table copy
                    && copy.to().equals(self)) {
                if (heard(copy.node(), copy.incarnation(), now, effects) && peers.table(copy.node(), copy.seq())) {
                    table.replace(copy.node(), copy.entries(), effects.changes);
                }
            } else if (message instanceof PresenceMessage.Sync sync
                    && sync.to().equals(self)
                    && !sync.node().equals(self)) {
                send(new PresenceMessage.Table(self, incarnation, seq, sync.node(), table.copyOf(self)));
            }
            effects.queueUnderLock();
        }
        effects.run();
    }

    /**
     * Node {@code node} announced itself, in its run {@code incarnation}, having sent presence
     * messages up to {@code lastSent}: when this node has not applied them all, it asks for the table.
     */
    public void announced(String node, long incarnation, long lastSent) {
        if (node.equals(self)) {
            return;
        }
        Effects effects = new Effects();
        synchronized (lock) {
            long now = now();
            if (heard(node, incarnation, now, effects) && peers.behind(node, lastSent)) {
                ask(node, now);
            }
            effects.queueUnderLock();
        }
        effects.run();
    }

    /** Node {@code node} said it stops: its members leave now. */
    public void nodeLeft(String node) {
        if (node.equals(self)) {
            return;
        }
        Effects effects = new Effects();
        synchronized (lock) {
            peers.stopped(node, now());
            table.drop(node, effects.changes);
            effects.queueUnderLock();
        }
        effects.run();
    }

    /**
     * On the timer, every second: drops the nodes whose lease ran out, with their members (and
     * entries of nodes no longer known at all), and asks again for the tables still owed.
     */
    public void expire() {
        Effects effects = new Effects();
        synchronized (lock) {
            long now = now();
            for (String gone : peers.expire(now)) {
                LOG.info(() -> "presence: node " + gone + " was not heard from within its lease; its members leave");
                table.drop(gone, effects.changes);
            }
            for (String node : table.nodes()) {
                if (!node.equals(self) && !peers.knows(node)) {
                    table.drop(node, effects.changes);
                }
            }
            for (String node : peers.askAgain(now)) {
                send(new PresenceMessage.Sync(self, node));
            }
            effects.queueUnderLock();
        }
        effects.run();
    }

    /** @return whether to go on with the node's message: not when its run said it stops */
    private boolean heard(String node, long nodeIncarnation, long now, Effects effects) {
        PresencePeers.Heard heard = peers.heard(node, nodeIncarnation, now);
        if (heard == PresencePeers.Heard.NEW_RUN) {
            // The node restarted under the same id: what it had before is gone.
            table.drop(node, effects.changes);
        }
        return heard != PresencePeers.Heard.STOPPED;
    }

    /** Milliseconds of a monotonic clock: leases must not all run out when the wall clock is set forward. */
    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void ask(String node, long now) {
        if (peers.ask(node, now)) {
            send(new PresenceMessage.Sync(self, node));
        }
    }

    // ---- the application's view ----

    @Override
    public Map<String, Integer> members(String opType) {
        requireExact(opType);
        synchronized (lock) {
            return Collections.unmodifiableMap(new TreeMap<>(table.members(opType)));
        }
    }

    @Override
    public Map<String, Map<String, Integer>> membersMatching(String opTypeOrPattern) {
        String problem = OpTypes.validatePattern(opTypeOrPattern, config.maxOpTypeLength());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Map<String, Map<String, Integer>> matching = new TreeMap<>();
        synchronized (lock) {
            for (String opType : table.opTypes()) {
                if (opType.equals(opTypeOrPattern) || OpTypes.matches(opTypeOrPattern, opType)) {
                    matching.put(opType, Collections.unmodifiableMap(new TreeMap<>(table.members(opType))));
                }
            }
        }
        return Collections.unmodifiableMap(matching);
    }

    @Override
    public int userCount(String opType) {
        requireExact(opType);
        synchronized (lock) {
            return table.members(opType).size();
        }
    }

    private void requireExact(String opType) {
        String problem = OpTypes.validateExact(opType, config.maxOpTypeLength());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * What one change of the tables owes: the joins and leaves it made, queued as frames to the
     * watching sessions and as events under the lock (so that they keep the tables' order), and
     * the outboxes to drain after it.
     */
    private final class Effects {
        final List<PresenceTable.Change> changes = new ArrayList<>();
        private final Set<GatewaySession> toDrain = new LinkedHashSet<>();

        void queueUnderLock() {
            Map<String, List<PresenceTable.Change>> byOpType = new LinkedHashMap<>();
            changes.forEach(change -> byOpType.computeIfAbsent(change.opType(), o -> new ArrayList<>())
                    .add(change));
            byOpType.forEach((opType, made) -> {
                // A copy: a watcher that overflows is closed, and its end may come back here.
                List<GatewaySession> watching = List.copyOf(watchers.of(opType));
                if (watching.isEmpty()) {
                    return;
                }
                if (made.size() > MAX_CHANGE_FRAMES) {
                    // Many at once (a node's members leaving with it): one snapshot instead, which
                    // replaces the client's view, rather than enough frames to overflow outboxes.
                    OutboundFrame snapshot = PresenceFrames.snapshot(opType, table.members(opType), maxListed);
                    watching.forEach(watcher -> queue(watcher, snapshot));
                } else {
                    for (PresenceTable.Change change : made) {
                        OutboundFrame frame = change.joined()
                                ? PresenceFrames.join(change.opType(), change.user(), change.sessions())
                                : PresenceFrames.leave(change.opType(), change.user());
                        watching.forEach(watcher -> queue(watcher, frame));
                    }
                }
            });
            int dropped = 0;
            for (PresenceTable.Change change : changes) {
                if (!events.add(() -> fire(change))) {
                    dropped++;
                }
            }
            if (dropped > 0) {
                int lost = dropped;
                LOG.warning(() -> lost + " presence events dropped: " + MAX_WAITING_EVENTS
                        + " were waiting for the application's observers (they are slow)");
            }
        }

        private void queue(GatewaySession watcher, OutboundFrame frame) {
            if (watcher.enqueue(frame) == Outbox.Offer.DRAIN) {
                toDrain.add(watcher);
            }
        }

        void run() {
            toDrain.forEach(GatewaySession::drain);
            events.runSoon();
        }
    }

    private void fire(PresenceTable.Change change) {
        if (change.joined()) {
            observers.joined(new PresenceJoined(change.opType(), change.user(), change.sessions()));
        } else {
            observers.left(new PresenceLeft(change.opType(), change.user()));
        }
    }
}
