package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.PresenceJoined;
import org.longconn.api.event.PresenceLeft;
import org.longconn.api.event.SubscriptionRequest;

/** Presence through the inbound handler (PROTOCOL.md §18): one node, real subscription service. */
class InboundHandlerPresenceTest {

    private final InboundFixture fixture = new InboundFixture();

    private static String watch(String id, String opType) {
        return "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"opTypes\":[\"" + opType + "\"],\"presence\":[\""
                + opType + "\"]}";
    }

    @Test
    void aWatcherGetsTheSnapshotAfterItsAnswerThenJoinsAndLeaves() {
        InboundFixture.Client alice = fixture.open("alice");
        List<JsonObject> frames = alice.send(watch("w1", "room.1"));

        assertEquals(2, frames.size(), frames::toString);
        JsonObject result = frames.get(0).getJsonArray("results").getJsonObject(0);
        assertTrue(result.getBoolean("ok"));
        assertTrue(result.getBoolean("presence"));
        JsonObject snapshot = frames.get(1);
        assertEquals("presence", snapshot.getString("type"));
        assertEquals("room.1", snapshot.getString("opType"));
        assertEquals(1, snapshot.getInt("users"));
        assertEquals(1, snapshot.getInt("sessions"));
        assertTrue(snapshot.getBoolean("complete"));
        assertEquals("alice", snapshot.getJsonArray("members").getJsonObject(0).getString("user"));

        InboundFixture.Client bob = fixture.open("bob");
        bob.send("{\"type\":\"subscribe\",\"id\":\"b1\",\"opTypes\":[\"room.1\"]}");
        JsonObject join = last(alice);
        assertEquals("join", join.getString("type"));
        assertEquals("bob", join.getString("user"));
        assertEquals(1, join.getInt("sessions"));

        // A second session of bob is no join; only the last one leaving is a leave.
        InboundFixture.Client bob2 = fixture.open("bob");
        bob2.send("{\"type\":\"subscribe\",\"id\":\"b2\",\"opTypes\":[\"room.1\"]}");
        assertEquals(join, last(alice));
        assertEquals(Map.of("alice", 1, "bob", 2), fixture.presence.members("room.1"));

        bob.send("{\"type\":\"unsubscribe\",\"id\":\"b3\",\"opTypes\":[\"room.1\"]}");
        assertEquals(join, last(alice));
        fixture.handler.closed(bob2.session, 1000, "bye");
        JsonObject leave = last(alice);
        assertEquals("leave", leave.getString("type"));
        assertEquals("bob", leave.getString("user"));
        assertFalse(leave.containsKey("sessions"));
        assertEquals(Map.of("alice", 1), fixture.presence.members("room.1"));
        assertEquals(1, fixture.presence.userCount("room.1"));
    }

    @Test
    void joinsAndLeavesAreFiredToTheApplicationInOrder() throws Exception {
        InboundFixture.Client carol = fixture.open("carol");
        carol.send("{\"type\":\"subscribe\",\"id\":\"c1\",\"opTypes\":[\"room.2\",\"room.3\"]}");
        carol.send("{\"type\":\"unsubscribe\",\"id\":\"c2\",\"opTypes\":[\"room.2\"]}");
        fixture.handler.closed(carol.session, 1000, "bye");

        List<Object> expected = List.of(
                new PresenceJoined("room.2", "carol", 1),
                new PresenceJoined("room.3", "carol", 1),
                new PresenceLeft("room.2", "carol"),
                new PresenceLeft("room.3", "carol"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fixture.presenceEvents.fired.size() < expected.size() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(
                    Duration.ofMillis(5).toNanos()); // polling with a deadline: observers run on a gateway thread
        }
        assertEquals(expected, fixture.presenceEvents.fired);
    }

    @Test
    void patternsAnonymousSessionsAndOtherSubscriptionsMakeNoMembers() {
        InboundFixture.Client anonymous = fixture.open(null);
        JsonObject answer = anonymous.answer(
                "{\"type\":\"subscribe\",\"id\":\"a1\",\"opTypes\":[\"room.*\"]," + "\"presence\":[\"room.*\"]}");
        JsonObject result = answer.getJsonArray("results").getJsonObject(0);
        assertFalse(result.getBoolean("ok"));
        assertEquals("invalid_presence", result.getString("code"));
        assertFalse(fixture.index.holds(anonymous.session.id(), "room.*"));

        List<JsonObject> frames = anonymous.send(watch("a2", "room.4"));
        assertEquals(0, frames.get(1).getInt("users"), "an anonymous session is no member");

        InboundFixture.Client dave = fixture.open("dave");
        dave.send("{\"type\":\"subscribe\",\"id\":\"d1\",\"opTypes\":[\"room.#\",\"room.5\"]}");
        assertEquals(Map.of(), fixture.presence.members("room.4"), "a pattern makes no member");
        assertEquals(Map.of("room.5", Map.of("dave", 1)), fixture.presence.membersMatching("room.*"));
        assertEquals(frames.get(1), last(anonymous), "no change of room.4 was sent");
    }

    @Test
    void theApplicationSeesPresenceAskedAndMayDenyIt() {
        fixture.events.onSubscription(request -> {
            if (request.presence()) {
                request.deny("presence is for members");
            }
        });
        InboundFixture.Client erin = fixture.open("erin");
        erin.send("{\"type\":\"subscribe\",\"id\":\"e1\",\"opTypes\":[\"room.6\"]}");
        List<JsonObject> frames = erin.send(watch("e2", "room.6"));

        assertEquals(1, frames.size(), "no snapshot after a denial: " + frames);
        JsonObject result = frames.get(0).getJsonArray("results").getJsonObject(0);
        assertEquals("subscription_denied", result.getString("code"));
        assertEquals("presence is for members", result.getString("message"));
        assertTrue(fixture.index.holds(erin.session.id(), "room.6"), "the subscription stays as it was");
        List<Boolean> asked = fixture.events.subscriptionRequests.stream()
                .map(SubscriptionRequest::presence)
                .toList();
        assertEquals(List.of(false, true), asked);
    }

    @Test
    void askingAgainSendsAFreshSnapshotAndUnsubscribeEndsTheWatch() {
        InboundFixture.Client frank = fixture.open("frank");
        frank.send(watch("f1", "room.7"));
        List<JsonObject> again = frank.send(watch("f2", "room.7"));
        assertEquals("presence", again.get(1).getString("type"));
        assertEquals(1, again.get(1).getInt("users"));

        frank.send("{\"type\":\"unsubscribe\",\"id\":\"f3\",\"opTypes\":[\"room.7\"]}");
        int seen = frank.texts().size();
        fixture.open("gina").send("{\"type\":\"subscribe\",\"id\":\"g1\",\"opTypes\":[\"room.7\"]}");
        assertEquals(seen, frank.texts().size(), "no join after the watch ended");
    }

    @Test
    void theSnapshotListsAtMostTheCapAndCountsAll() {
        InboundFixture capped = new InboundFixture(
                InboundFixture.config(), Forwarding.NONE, org.longconn.endpoint.config.SessionCaps.none(), 2);
        for (String user : List.of("u3", "u1", "u2")) {
            capped.open(user).send("{\"type\":\"subscribe\",\"id\":\"x\",\"opTypes\":[\"room.8\"]}");
        }
        JsonObject snapshot = capped.open("watcher").send(watch("w", "room.8")).get(1);
        assertEquals(4, snapshot.getInt("users"));
        assertFalse(snapshot.getBoolean("complete"));
        assertEquals(2, snapshot.getJsonArray("members").size());
        assertEquals("u1", snapshot.getJsonArray("members").getJsonObject(0).getString("user"));
    }

    private static JsonObject last(InboundFixture.Client client) {
        List<String> texts = client.texts();
        return InboundFixture.json(texts.get(texts.size() - 1));
    }
}
