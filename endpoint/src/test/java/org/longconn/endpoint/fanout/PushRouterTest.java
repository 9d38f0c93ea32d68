package org.longconn.endpoint.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.FakeTransport;
import org.longconn.endpoint.session.ManualCloser;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.session.TestSessions;
import org.longconn.endpoint.subscription.DefaultSubscriptionIndex;

class PushRouterTest {

    private static final PushPayload DATA = new PushPayload.Json("{\"n\":1}");

    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
    private final SessionRegistry sessions = new SessionRegistry();
    private final ManualCloser closer = new ManualCloser();
    private final WaitingPolls polls = new WaitingPolls(100);
    private final PushRouter router =
            new PushRouter(index, sessions, new DeliveryOrder(HistoryConfig.defaults(), polls));
    private long seq;

    /** Routes {@code push} as the bus would, at the next position of one epoch. */
    private int route(Push push, long timestamp) {
        return router.route(push, timestamp, new Position("e1", ++seq));
    }

    private FakeTransport connect(String sessionId, String userId, String... subscriptions) {
        FakeTransport transport = FakeTransport.inline();
        sessions.add(TestSessions.open(sessionId, userId, transport, closer));
        for (String subscription : subscriptions) {
            index.register(sessionId, subscription);
        }
        return transport;
    }

    private static List<String> opTypes(FakeTransport transport) {
        return transport.texts().stream().map(PushRouterTest::opType).toList();
    }

    private static String opType(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject push = reader.readObject();
            assertEquals("push", push.getString("type"));
            return push.getString("opType");
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void aGapInTheSequenceIsToldToEverySessionWithSubscriptionsBeforeThePushAfterIt() {
        FakeTransport subscribed = connect("s1", null, "a", "b.#");
        FakeTransport none = connect("s2", null);
        router.route(Push.of("a", DATA), 1, new Position("e1", 1));
        router.route(Push.of("a", DATA), 1, new Position("e1", 4));

        List<String> texts = subscribed.texts();
        assertEquals(3, texts.size(), texts.toString());
        JsonObject gap = json(texts.get(1));
        assertEquals("gap", gap.getString("type"));
        assertEquals("e1-3", gap.getString("position"), "2 and 3 never reached this node");
        assertEquals(
                List.of("a", "b.#"),
                gap.getJsonArray("opTypes").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString)
                        .sorted()
                        .toList());
        assertEquals("e1-4", json(texts.get(2)).getString("pos"));
        assertEquals(List.of(), none.texts(), "a session without subscriptions has nothing to reload");
    }

    @Test
    void missedPushesReportedByTheBusAreToldAtOnceAndTheNextPushIsNoSecondGap() {
        FakeTransport subscribed = connect("s1", null, "a");
        router.route(Push.of("a", DATA), 1, new Position("e1", 1));
        router.onMissed(null);
        router.route(Push.of("a", DATA), 1, new Position("e2", 1));

        List<String> texts = subscribed.texts();
        assertEquals(3, texts.size(), texts.toString());
        assertEquals("gap", json(texts.get(1)).getString("type"));
        assertEquals("none-0", json(texts.get(1)).getString("position"), "the broker kept no record");
        assertEquals("e2-1", json(texts.get(2)).getString("pos"));
    }

    @Test
    void eachSessionGetsExactlyThePushesItSubscribedTo() {
        FakeTransport orders = connect("s1", null, "order.created");
        FakeTransport allOrders = connect("s2", null, "order.*");
        FakeTransport chat = connect("s3", null, "chat.#");

        assertEquals(2, route(Push.of("order.created", DATA), 1));
        assertEquals(1, route(Push.of("order.deleted", DATA), 2));
        assertEquals(1, route(Push.of("chat.room.msg", DATA), 3));
        assertEquals(0, route(Push.of("billing.paid", DATA), 4));

        assertEquals(List.of("order.created"), opTypes(orders));
        assertEquals(List.of("order.created", "order.deleted"), opTypes(allOrders));
        assertEquals(List.of("chat.room.msg"), opTypes(chat));
    }

    @Test
    void userTargetReachesOnlyThatUsersSubscribedSessions() {
        FakeTransport aliceSubscribed = connect("a1", "alice", "inbox.*");
        FakeTransport aliceOther = connect("a2", "alice", "chat.msg");
        FakeTransport bob = connect("b1", "bob", "inbox.*");
        FakeTransport anonymous = connect("x1", null, "inbox.new");

        assertEquals(1, route(Push.toUser("alice", "inbox.new", DATA), 1));

        assertEquals(List.of("inbox.new"), opTypes(aliceSubscribed));
        assertTrue(aliceOther.texts().isEmpty());
        assertTrue(bob.texts().isEmpty());
        assertTrue(anonymous.texts().isEmpty());
    }

    @Test
    void sessionTargetReachesTheSessionOnlyIfSubscribed() {
        FakeTransport subscribed = connect("s1", null, "job.done");
        FakeTransport other = connect("s2", null, "job.done");
        FakeTransport unsubscribed = connect("s3", null, "job.started");

        assertEquals(1, route(Push.toSession("s1", "job.done", DATA), 1));
        assertEquals(0, route(Push.toSession("s3", "job.done", DATA), 2));
        assertEquals(0, route(Push.toSession("nobody", "job.done", DATA), 3));

        assertEquals(List.of("job.done"), opTypes(subscribed));
        assertTrue(other.texts().isEmpty());
        assertTrue(unsubscribed.texts().isEmpty());
    }

    @Test
    void pushIsEncodedOnceAndTheSameFrameGoesToEveryRecipient() {
        FakeTransport first = connect("s1", null, "news.#");
        FakeTransport second = connect("s2", null, "news.today");
        FakeTransport third = connect("s3", null, "news.*");

        route(Push.of("news.today", DATA), 1);

        OutboundFrame frame = first.sent().get(0);
        assertSame(frame, second.sent().get(0));
        assertSame(frame, third.sent().get(0));
        assertSame(frame.wire(), third.sent().get(0).wire(), "the very bytes of one frame for all");
        assertTrue(frame.text().endsWith("\"data\":{\"n\":1}}"), frame.text());
    }

    @Test
    void binaryPushReachesSubscribersAsTheSameBytes() {
        FakeTransport first = connect("s1", null, "media.frame");
        FakeTransport second = connect("s2", null, "media.*");

        route(Push.of("media.frame", new PushPayload.Binary(new byte[] {7, 7, 7})), 1);

        byte[] bytes = (byte[]) first.frames().get(0);
        assertEquals(FrameEncoder.BINARY_PUSH_KIND, bytes[0]);
        assertArrayEquals(bytes, (byte[]) second.frames().get(0));
    }

    @Test
    void brokenSessionDoesNotStopDeliveryToOthers() {
        FakeTransport before = connect("s1", null, "tick");
        FakeTransport broken = connect("s2", null, "tick");
        FakeTransport after = connect("s3", null, "tick");
        broken.mode(FakeTransport.Mode.THROW);

        route(Push.of("tick", DATA), 1);
        route(Push.of("tick", DATA), 2);

        assertEquals(List.of("tick", "tick"), opTypes(before));
        assertEquals(List.of("tick", "tick"), opTypes(after));
        assertTrue(broken.frames().isEmpty());
        assertTrue(sessions.get("s2").isClosing());
    }

    @Test
    void closingSessionsAreSkipped() {
        FakeTransport open = connect("s1", null, "tick");
        FakeTransport closing = connect("s2", null, "tick");
        sessions.get("s2").terminate(1000, "bye");

        assertEquals(1, route(Push.of("tick", DATA), 1));

        assertEquals(List.of("tick"), opTypes(open));
        assertTrue(closing.frames().isEmpty());
    }

    @Test
    void subscribedIdsWithoutAnOpenSessionAreSkipped() {
        FakeTransport open = connect("s1", null, "tick");
        index.register("gone", "tick");

        assertEquals(1, route(Push.of("tick", DATA), 1));
        assertEquals(1, open.texts().size());
    }

    @Test
    void aRedeliveredPushIsNotDeliveredTwiceAndEveryPushCarriesItsPosition() {
        FakeTransport client = connect("s1", null, "tick");
        assertEquals(1, router.route(Push.of("tick", DATA), 1, new Position("e1", 1)));
        assertEquals(0, router.route(Push.of("tick", DATA), 1, new Position("e1", 1)), "a redelivery");
        assertEquals(1, client.texts().size());
        assertTrue(
                client.texts().get(0).contains("\"pos\":\"e1-1\""),
                client.texts().get(0));
    }

    @Test
    void aSessionSkipsLivePushesItAlreadyHasFromAnotherNode() {
        FakeTransport client = connect("s1", null, "tick");
        sessions.get("s1").alreadyHasThrough("tick", new Position("e1", 2));
        router.route(Push.of("tick", DATA), 1, new Position("e1", 1));
        router.route(Push.of("tick", DATA), 1, new Position("e1", 2));
        router.route(Push.of("tick", DATA), 1, new Position("e1", 3));
        assertEquals(1, client.texts().size());
        assertTrue(client.texts().get(0).contains("\"pos\":\"e1-3\""));
        assertFalse(sessions.get("s1").resumedAhead(), "caught up: the check is off again");
    }

    @Test
    void theSkipAppliesOnlyWhenEveryMatchingSubscriptionHadThePush() {
        FakeTransport client = connect("s1", null, "tick", "#");
        sessions.get("s1").alreadyHasThrough("tick", new Position("e1", 2)); // "#" was not resumed ahead
        router.route(Push.of("tick", DATA), 1, new Position("e1", 1));
        router.route(Push.of("other", DATA), 1, new Position("e1", 2));
        assertEquals(2, client.texts().size(), "through '#' the client has not had them");
    }
}
