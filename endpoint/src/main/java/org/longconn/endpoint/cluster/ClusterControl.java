package org.longconn.endpoint.cluster;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.session.ClusterOutcome;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.bus.BusConfig;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.inbound.ServerSubscriber;
import org.longconn.endpoint.lifecycle.GatewayLifecycle;
import org.longconn.endpoint.presence.ClusterPresence;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.SubscriptionIndex;
import org.longconn.endpoint.subscription.UserSubscriptions;

/**
 * This node on the control channel: it announces itself every {@value #ANNOUNCE_MS} ms (and says
 * when it leaves), keeps the list of nodes it hears from, acts on the other nodes' requests, and
 * sends its own requests to every node, collecting their answers for at most {@value
 * #ANSWER_TIMEOUT_MS} ms. Off the bus (the broker is away), a request is acted on here only and
 * the other nodes are reported as unanswered.
 */
@ApplicationScoped
public class ClusterControl {

    static final String DISCONNECT_USER = "disconnect-user";
    static final String DISCONNECT_SESSION = "disconnect-session";
    static final String DRAIN = "drain";
    static final String COUNT_USER_SESSIONS = "count-user-sessions";
    static final String COUNT_SUBSCRIBERS = "count-subscribers";

    private static final Logger LOG = Logger.getLogger(ClusterControl.class.getName());
    static final long ANNOUNCE_MS = 5_000;
    /** A node not heard from in three announcements is gone (crashed, or cut off from the broker). */
    static final long EXPIRY_MS = 3 * ANNOUNCE_MS;

    static final long ANSWER_TIMEOUT_MS = 5_000;

    @Inject
    Bus bus;

    @Inject
    BusConfig busConfig;

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayScheduler scheduler;

    @Inject
    GatewayLifecycle lifecycle;

    @Inject
    SubscriptionIndex index;

    @Inject
    UserSubscriptions users;

    @Inject
    ServerSubscriber subscriber;

    @Inject
    GatewayConfig config;

    @Inject
    ClusterPresence presence;

    private SubscriptionActions subscriptionActions;

    private final ClusterNodes nodes = new ClusterNodes(EXPIRY_MS);
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private long startedAt;
    private Future<?> announcing;

    /** After the node's own start (its bus), so that the first announcement goes out. */
    void start(
            @Observes @Priority(Interceptor.Priority.APPLICATION + 1000) @Initialized(ApplicationScoped.class) Object event) {
        startedAt = System.currentTimeMillis();
        subscriptionActions = new SubscriptionActions(
                sessions, users, subscriber, config.maxSubscriptions(), config.maxOpTypeLength());
        bus.onControl(this::received);
        presence.start(EXPIRY_MS);
        announce();
        announcing = scheduler.every(this::announce, ANNOUNCE_MS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (announcing != null) {
            announcing.cancel(false);
        }
        presence.stop();
        bus.sendControl(new ControlMessage.Leave(nodeId()).json());
    }

    /** This node's id on the bus. */
    public String nodeId() {
        return busConfig.nodeId();
    }

    /** The nodes alive now, this one included once it heard its own announcement. */
    public List<ClusterNode> nodes() {
        return nodes.alive(System.currentTimeMillis());
    }

    private void announce() {
        int subscriptions = 0;
        for (GatewaySession session : sessions.all()) {
            subscriptions += index.subscriptionCount(session.id());
        }
        bus.sendControl(new ControlMessage.Announce(
                        nodeId(),
                        sessions.size(),
                        subscriptions,
                        startedAt,
                        presence.incarnation(),
                        presence.lastSent())
                .json());
    }

    /** Disconnects the sessions of {@code userId} on every node. */
    public CompletionStage<ClusterOutcome> disconnectUser(String userId, Disconnect disconnect) {
        return request(DISCONNECT_USER, userId, disconnect);
    }

    /** Disconnects session {@code sessionId} on whichever node holds it. */
    public CompletionStage<ClusterOutcome> disconnectSession(String sessionId, Disconnect disconnect) {
        return request(DISCONNECT_SESSION, sessionId, disconnect);
    }

    /**
     * Drains node {@code nodeId} (see {@link GatewayLifecycle#drain}): its count is the sessions it
     * tells to go; the other nodes answer 0.
     */
    public CompletionStage<ClusterOutcome> drain(String nodeId) {
        return request(DRAIN, nodeId, null);
    }

    /** How many sessions {@code userId} holds, on each node. */
    public CompletionStage<ClusterOutcome> countUserSessions(String userId) {
        return request(COUNT_USER_SESSIONS, userId, null);
    }

    /** How many sessions are subscribed to the exact {@code opType} (directly or by a pattern), on each node. */
    public CompletionStage<ClusterOutcome> countSubscribers(String opType) {
        return request(COUNT_SUBSCRIBERS, opType, null);
    }

    /**
     * Subscribes {@code userId} to {@code opType} for good (its sessions now and its later ones),
     * on every node: each counts the sessions it subscribed.
     */
    public CompletionStage<ClusterOutcome> subscribeUser(String userId, String opType) {
        return request(SubscriptionActions.SUBSCRIBE_USER, userId, null, opType);
    }

    /** Takes back {@link #subscribeUser}, on every node. */
    public CompletionStage<ClusterOutcome> unsubscribeUser(String userId, String opType) {
        return request(SubscriptionActions.UNSUBSCRIBE_USER, userId, null, opType);
    }

    /** Subscribes session {@code sessionId} to {@code opType} on whichever node holds it. */
    public CompletionStage<ClusterOutcome> subscribeSession(String sessionId, String opType) {
        return request(SubscriptionActions.SUBSCRIBE_SESSION, sessionId, null, opType);
    }

    /** Unsubscribes session {@code sessionId} from {@code opType} on whichever node holds it. */
    public CompletionStage<ClusterOutcome> unsubscribeSession(String sessionId, String opType) {
        return request(SubscriptionActions.UNSUBSCRIBE_SESSION, sessionId, null, opType);
    }

    private CompletionStage<ClusterOutcome> request(String action, String target, Disconnect disconnect) {
        return request(action, target, disconnect, "");
    }

    /**
     * Sends {@code action} on {@code target} to every node; {@code disconnect} for the disconnect
     * actions, else {@code null}; {@code argument}: the opType of the subscription actions.
     */
    private CompletionStage<ClusterOutcome> request(
            String action, String target, Disconnect disconnect, String argument) {
        String id = UUID.randomUUID().toString();
        Set<String> expected = new HashSet<>();
        nodes().forEach(node -> expected.add(node.id()));
        expected.add(nodeId());
        Pending waiting = new Pending(expected);
        pending.put(id, waiting);
        ControlMessage.Request request = disconnect == null
                ? new ControlMessage.Request(id, nodeId(), action, target, 0, "", false, argument)
                : new ControlMessage.Request(
                        id,
                        nodeId(),
                        action,
                        target,
                        disconnect.code(),
                        disconnect.reason(),
                        disconnect.reconnect(),
                        argument);
        if (!bus.sendControl(request.json())) {
            pending.remove(id);
            int here = act(request);
            Set<String> others = new HashSet<>(expected);
            others.remove(nodeId());
            return CompletableFuture.completedFuture(new ClusterOutcome(Map.of(nodeId(), here), others));
        }
        scheduler.schedule(
                () -> {
                    Pending late = pending.remove(id);
                    if (late != null) {
                        late.finish();
                    }
                },
                ANSWER_TIMEOUT_MS);
        return waiting.outcome;
    }

    /** One message of the control channel, on a bus thread. */
    void received(String json) {
        ControlMessage message;
        try {
            message = ControlMessage.parse(json);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "dropped a control message: " + e.getMessage());
            return;
        }
        if (message instanceof ControlMessage.Presence about) {
            presence.received(about.body());
        } else if (message instanceof ControlMessage.Announce announce) {
            presence.announced(announce.node(), announce.presenceRun(), announce.presenceSent());
            if (nodes.announced(announce, System.currentTimeMillis())
                    && !announce.node().equals(nodeId())) {
                // A node new to this one: it learns of this one now rather than at the next round,
                // and gets the users' server-made subscriptions this one holds.
                announce();
                Map<String, List<String>> held = users.copy();
                if (!held.isEmpty()) {
                    bus.sendControl(new ControlMessage.Subscriptions(announce.node(), nodeId(), held).json());
                }
            }
        } else if (message instanceof ControlMessage.Subscriptions copy
                && copy.to().equals(nodeId())) {
            users.merge(copy.users(), config.maxSubscriptions());
        } else if (message instanceof ControlMessage.Leave leave) {
            nodes.left(leave.node());
            presence.nodeLeft(leave.node());
        } else if (message instanceof ControlMessage.Request request) {
            if (SubscriptionActions.isOne(request.action())) {
                // They run the application's subscription checks: off the bus's thread.
                scheduler.application(() -> reply(request, act(request)));
            } else {
                reply(request, act(request));
            }
        } else if (message instanceof ControlMessage.Reply reply && reply.to().equals(nodeId())) {
            Pending waiting = pending.get(reply.id());
            if (waiting != null && waiting.answered(reply.node(), reply.count())) {
                pending.remove(reply.id());
            }
        }
    }

    private void reply(ControlMessage.Request request, int count) {
        bus.sendControl(new ControlMessage.Reply(request.id(), request.from(), nodeId(), count).json());
    }

    /** Does what {@code request} asks on this node; returns how many sessions it acted on. */
    private int act(ControlMessage.Request request) {
        try {
            return switch (request.action()) {
                case DISCONNECT_USER -> disconnectUserHere(request.target(), disconnectOf(request));
                case DISCONNECT_SESSION -> disconnectHere(request.target(), disconnectOf(request)) ? 1 : 0;
                case DRAIN -> request.target().equals(nodeId()) ? lifecycle.drain() : 0;
                case COUNT_USER_SESSIONS ->
                    sessions.sessionsOf(request.target()).size();
                case COUNT_SUBSCRIBERS -> countSubscribersHere(request.target());
                case SubscriptionActions.SUBSCRIBE_USER,
                        SubscriptionActions.UNSUBSCRIBE_USER,
                        SubscriptionActions.SUBSCRIBE_SESSION,
                        SubscriptionActions.UNSUBSCRIBE_SESSION ->
                    subscriptionActions.act(request.action(), request.target(), request.argument());
                default -> {
                    LOG.warning(() -> "unknown control action '" + request.action() + "' from node " + request.from()
                            + " (another gateway version?)");
                    yield 0;
                }
            };
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "refused a control request of node " + request.from() + ": " + e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "control request " + request.action() + " failed", e);
            return 0;
        }
    }

    /** The disconnect a request carries. @throws IllegalArgumentException when it is not a valid one */
    private static Disconnect disconnectOf(ControlMessage.Request request) {
        return new Disconnect(request.code(), request.reason(), request.reconnect());
    }

    /**
     * For an exact opType, the sessions its pushes reach (subscribed to it or to a matching
     * pattern); for a pattern, the sessions holding that pattern as written.
     */
    private int countSubscribersHere(String opTypeOrPattern) {
        if (!OpTypes.isPattern(opTypeOrPattern)) {
            return index.find(opTypeOrPattern).size();
        }
        int count = 0;
        for (GatewaySession session : sessions.all()) {
            if (index.holds(session.id(), opTypeOrPattern)) {
                count++;
            }
        }
        return count;
    }

    /** Disconnects one session held by this node. */
    boolean disconnectHere(String sessionId, Disconnect disconnect) {
        GatewaySession session = sessions.get(sessionId);
        return session != null && session.disconnect(disconnect);
    }

    /** Disconnects every session of {@code userId} held by this node. */
    int disconnectUserHere(String userId, Disconnect disconnect) {
        int count = 0;
        for (String sessionId : List.copyOf(sessions.sessionsOf(userId))) {
            if (disconnectHere(sessionId, disconnect)) {
                count++;
            }
        }
        return count;
    }

    /** A request of this node waiting for the nodes' answers. */
    private static final class Pending {
        private final Set<String> expected;
        private final Map<String, Integer> byNode = new HashMap<>();
        final CompletableFuture<ClusterOutcome> outcome = new CompletableFuture<>();

        Pending(Set<String> expected) {
            this.expected = expected;
        }

        /** @return whether every expected node has answered now (the outcome is complete) */
        synchronized boolean answered(String node, int count) {
            byNode.put(node, count);
            if (byNode.keySet().containsAll(expected)) {
                finish();
                return true;
            }
            return false;
        }

        synchronized void finish() {
            Set<String> unanswered = new HashSet<>(expected);
            unanswered.removeAll(byNode.keySet());
            outcome.complete(new ClusterOutcome(byNode, unanswered));
        }
    }
}
