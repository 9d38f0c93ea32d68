package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.endpoint.session.FakeTransport;

/** Subscriptions the server makes for a new session (PROTOCOL.md §17). */
class ServerSubscriberTest {

    private static final String EPOCH = "ep1";

    private final InboundFixture fixture = new InboundFixture();
    private long seq;

    private void push(String opType) {
        seq++;
        fixture.router.route(Push.of(opType, new PushPayload.Json("" + seq)), 0, new Position(EPOCH, seq));
    }

    private InboundFixture.Client openWith(String user, List<String> initial) {
        FakeTransport transport = FakeTransport.inline();
        return fixture.new Client(fixture.handler.opened(transport, user, 0, initial), transport);
    }

    @Test
    void whatTheClientSubscribesItselfResumesFromItsPositionTheRestFromTheOpen() {
        push("alerts.a"); // 1
        fixture.users.add("alice", "alerts.a", 10);
        fixture.users.add("alice", "alerts.b", 10);
        InboundFixture.Client client = openWith("alice", List.of("news"));
        push("alerts.b"); // 2: after the open, before anything is subscribed
        push("alerts.a"); // 3

        List<JsonObject> answers = client.send(
                "{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"alerts.a\"],\"positions\":{\"alerts.a\":\"ep1-0\"}}");

        JsonObject own = answers.get(0);
        assertEquals("1", own.getString("id"));
        assertTrue(own.getJsonArray("results").getJsonObject(0).getBoolean("recovered"));
        assertEquals(1, answers.get(1).getInt("data"), "replayed from the client's position: push 1");
        assertEquals(3, answers.get(2).getInt("data"));
        JsonObject byServer = answers.get(3);
        assertEquals("subscribed", byServer.getString("type"));
        assertTrue(byServer.getBoolean("server"));
        assertFalse(byServer.containsKey("id"));
        assertEquals(
                List.of("news", "alerts.b"),
                byServer.getJsonArray("results").stream()
                        .map(r -> r.asJsonObject().getString("opType"))
                        .toList());
        assertEquals(2, answers.get(4).getInt("data"), "what came since the open is not lost");
        assertEquals(5, answers.size());
        assertTrue(fixture.index.holds(client.session.id(), "news"));
    }

    @Test
    void aSessionOpenedWithoutUserSubscriptionsWaitsForNothing() {
        InboundFixture.Client client = openWith("bob", List.of());
        assertEquals(
                1,
                client.send("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"x\"]}")
                        .size(),
                "only its own answer");
    }

    @Test
    void aFirstSubscribeAfterTheGraceWithAnOlderPositionIsToldItWasNotRecovered() {
        push("alerts.a"); // 1
        fixture.users.add("carol", "alerts.a", 10);
        InboundFixture.Client client = openWith("carol", List.of());
        push("alerts.a"); // 2, after the open: the server's resume from the open replays it
        fixture.serverSubscriber.settle(client.session); // the grace ran out first

        List<JsonObject> late = client.send(
                "{\"type\":\"subscribe\",\"id\":\"9\",\"opTypes\":[\"alerts.a\"],\"positions\":{\"alerts.a\":\"ep1-0\"}}");

        JsonObject result = late.get(0).getJsonArray("results").getJsonObject(0);
        assertTrue(result.getBoolean("ok"));
        assertFalse(
                result.getBoolean("recovered"),
                "push 1 came before the open: it is not replayed, and the client is told");
    }

    @Test
    void aSubscriptionMadeWhileTheSessionOpensWaitsForWelcome() {
        FakeTransport transport = FakeTransport.inline();
        fixture.events.onOpened(
                opened -> fixture.serverSubscriber.subscribe(fixture.sessions.get(opened.sessionId()), "news"));
        InboundFixture.Client client =
                fixture.new Client(fixture.handler.opened(transport, "dave", 0, List.of()), transport);
        assertEquals("welcome", InboundFixture.json(client.texts().get(0)).getString("type"), "welcome comes first");
        fixture.serverSubscriber.settle(client.session);
        JsonObject told = InboundFixture.json(client.texts().get(1));
        assertTrue(told.getBoolean("server"));
    }
}
