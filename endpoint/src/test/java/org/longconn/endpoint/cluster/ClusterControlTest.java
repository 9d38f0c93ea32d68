package org.longconn.endpoint.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.SubscriptionRequest;
import org.longconn.api.session.ClusterOutcome;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.bus.BusConfig;
import org.longconn.endpoint.bus.InMemoryBus;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.config.PresenceConfig;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.fanout.WaitingPolls;
import org.longconn.endpoint.inbound.EventDispatcher;
import org.longconn.endpoint.inbound.ServerSubscriber;
import org.longconn.endpoint.inbound.SubscriptionService;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.presence.ClusterPresence;
import org.longconn.endpoint.presence.RecordedPresenceEvents;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.FakeTransport;
import org.longconn.endpoint.session.ManualCloser;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.session.TestSessions;
import org.longconn.endpoint.subscription.DefaultSubscriptionIndex;
import org.longconn.endpoint.subscription.UserSubscriptions;

/** One node on the in-memory bus: it hears its own control messages, as every node on a broker does. */
class ClusterControlTest {

    private final InMemoryBus bus = new InMemoryBus();
    private final SessionRegistry sessions = new SessionRegistry();
    private final GatewayScheduler scheduler = new GatewayScheduler(GatewayConfig.defaults());
    private final ClusterControl control = new ClusterControl();
    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
    private final UserSubscriptions users = new UserSubscriptions();
    /** Subscription checks pass: no application observes them here. */
    private final EventDispatcher events = new EventDispatcher() {
        @Override
        public void subscription(SubscriptionRequest request) {}
    };

    private final DeliveryOrder order = new DeliveryOrder(HistoryConfig.defaults(), new WaitingPolls(10));
    private final ClusterPresence presence = new ClusterPresence(
            bus, "solo", GatewayConfig.defaults(), PresenceConfig.defaults(), scheduler, new RecordedPresenceEvents());
    private final ServerSubscriber subscriber = new ServerSubscriber(
            new SubscriptionService(index, events, GatewayConfig.defaults(), order, GatewayMetrics.off(), presence),
            order,
            users,
            scheduler);

    @BeforeEach
    void start() {
        control.bus = bus;
        control.busConfig = BusConfig.from(Map.of("nodeId", "solo")::get);
        control.sessions = sessions;
        control.scheduler = scheduler;
        control.index = index;
        control.users = users;
        control.subscriber = subscriber;
        control.config = GatewayConfig.defaults();
        control.presence = presence;
        bus.onControl(control::received);
        bus.start((push, timestamp, position) -> {});
        control.start(new Object());
    }

    @AfterEach
    void stop() {
        control.stop(new Object()); // the scheduler's threads are daemons, as in every unit test here
    }

    private FakeTransport connect(String sessionId, String userId) {
        FakeTransport transport = FakeTransport.inline();
        sessions.add(TestSessions.open(sessionId, userId, transport, new ManualCloser()));
        return transport;
    }

    @Test
    void theNodeListsItselfFromItsOwnAnnouncement() {
        List<ClusterNode> nodes = control.nodes();
        assertEquals(1, nodes.size());
        assertEquals("solo", nodes.get(0).id());
    }

    @Test
    void disconnectingAUserEverywhereReachesItsSessionsAndSaysWhatEachNodeDid() throws Exception {
        FakeTransport first = connect("s1", "alice");
        FakeTransport second = connect("s2", "alice");
        FakeTransport other = connect("s3", "bob");
        ClusterOutcome outcome = control.disconnectUser("alice", Disconnect.stop(4601, "banned"))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(Map.of("solo", 2), outcome.byNode());
        assertTrue(outcome.complete());
        for (FakeTransport alice : List.of(first, second)) {
            assertTrue(
                    alice.texts().get(0).contains("\"code\":4601"),
                    alice.texts().toString());
        }
        assertTrue(other.texts().isEmpty());

        ClusterOutcome one = control.disconnectSession("s3", Disconnect.reconnect(4100, "move"))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(1, one.total());
        assertEquals(Set.of(), one.unanswered());
    }

    @Test
    void countsOfAUsersSessionsAndOfAnOpTypesSubscribersComeFromEveryNode() throws Exception {
        connect("s1", "alice");
        connect("s2", "alice");
        connect("s3", "bob");
        index.register("s1", "news.#");
        index.register("s3", "news.sport");
        assertEquals(
                Map.of("solo", 2),
                control.countUserSessions("alice")
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS)
                        .byNode());
        assertEquals(
                1,
                control.countSubscribers("news.#")
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS)
                        .total(),
                "a pattern counts the sessions holding it as written");
        assertEquals(
                2,
                control.countSubscribers("news.sport")
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS)
                        .total());
    }

    @Test
    void offTheBusOnlyThisNodeActsAndTheOthersAreUnanswered() throws Exception {
        control.received(new ControlMessage.Announce("gone", 5, 0, 0).json());
        connect("s1", "alice");
        bus.stop();
        ClusterOutcome outcome = control.disconnectUser("alice", Disconnect.stop(4601, "banned"))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(Map.of("solo", 1), outcome.byNode());
        assertEquals(Set.of("gone"), outcome.unanswered());
        assertFalse(outcome.complete());
    }

    @Test
    void aUsersServerMadeSubscriptionReachesItsSessionsNowAndItsNextOnes() throws Exception {
        FakeTransport alice = connect("s1", "alice");
        FakeTransport bob = connect("s2", "bob");

        ClusterOutcome outcome = control.subscribeUser("alice", "alerts.alice")
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertEquals(Map.of("solo", 1), outcome.byNode());
        assertTrue(index.holds("s1", "alerts.alice"));
        String told = alice.texts().get(0);
        assertTrue(
                told.startsWith(
                        "{\"type\":\"subscribed\",\"server\":true,\"results\":[{\"opType\":\"alerts.alice\",\"ok\":true"),
                told);
        assertTrue(bob.texts().isEmpty());
        assertEquals(List.of("alerts.alice"), users.of("alice"));

        // A later session of alice gets it once it settles (after its first subscribe, or the grace).
        FakeTransport later = connect("s3", "alice");
        subscriber.opening(sessions.get("s3"));
        subscriber.opened(sessions.get("s3"), List.of());
        subscriber.settle(sessions.get("s3"));
        assertTrue(index.holds("s3", "alerts.alice"));
        assertTrue(
                later.texts().get(0).contains("\"server\":true"), later.texts().toString());

        control.unsubscribeUser("alice", "alerts.alice").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertFalse(index.holds("s1", "alerts.alice"));
        assertFalse(index.holds("s3", "alerts.alice"));
        assertTrue(
                alice.texts().get(1).startsWith("{\"type\":\"unsubscribed\",\"server\":true"),
                alice.texts().toString());
        assertEquals(List.of(), users.of("alice"));
    }

    @Test
    void aJoiningNodeGetsTheUsersServerMadeSubscriptions() {
        users.add("carol", "news.#", 10);
        List<String> sent = new java.util.ArrayList<>();
        bus.onControl(sent::add);
        control.received(new ControlMessage.Announce("newcomer", 0, 0, 1).json());
        ControlMessage.Subscriptions copy = sent.stream()
                .map(ControlMessage::parse)
                .filter(ControlMessage.Subscriptions.class::isInstance)
                .map(ControlMessage.Subscriptions.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals("newcomer", copy.to());
        assertEquals(Map.of("carol", List.of("news.#")), copy.users());

        UserSubscriptions theirs = new UserSubscriptions();
        theirs.merge(copy.users(), 10);
        assertEquals(List.of("news.#"), theirs.of("carol"));
    }
}
