package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.SubscriptionRequest;

class InboundHandlerSubscribeTest {

    private final InboundFixture fixture = new InboundFixture();

    private static void assertResult(JsonObject result, String opType, String code) {
        assertEquals(opType, result.getString("opType"));
        if (code == null) {
            assertTrue(result.getBoolean("ok"), result::toString);
        } else {
            assertFalse(result.getBoolean("ok"), result::toString);
            assertEquals(code, result.getString("code"));
            assertFalse(result.getString("message").isBlank());
        }
    }

    @Test
    void subscribeAnswersEachOpTypeInTheOrderAsked() {
        fixture.events.onSubscription(request -> {
            if (request.opType().startsWith("secret.")) {
                request.deny("secrets are not for you");
            }
        });
        InboundFixture.Client client = fixture.open("alice");
        String id = client.session.id();

        JsonObject answer = client.answer("{\"type\":\"subscribe\",\"id\":\"s1\",\"opTypes\":"
                + "[\"bad..type\",\"a.b\",\"secret.plans\",\"c.*\",\"" + "x".repeat(33) + "\",\"d.#\",\"e.f\"]}");

        assertEquals("subscribed", answer.getString("type"));
        assertEquals("s1", answer.getString("id"));
        JsonArray results = answer.getJsonArray("results");
        assertEquals(7, results.size());
        assertResult(results.getJsonObject(0), "bad..type", "invalid_op_type");
        assertResult(results.getJsonObject(1), "a.b", null);
        assertResult(results.getJsonObject(2), "secret.plans", "subscription_denied");
        assertEquals("secrets are not for you", results.getJsonObject(2).getString("message"));
        assertResult(results.getJsonObject(3), "c.*", null);
        assertResult(results.getJsonObject(4), "x".repeat(33), "invalid_op_type");
        assertResult(results.getJsonObject(5), "d.#", null);
        assertResult(results.getJsonObject(6), "e.f", "too_many_subscriptions");

        assertTrue(fixture.index.holds(id, "a.b"));
        assertTrue(fixture.index.holds(id, "c.*"));
        assertTrue(fixture.index.holds(id, "d.#"));
        assertFalse(fixture.index.holds(id, "secret.plans"));
        assertFalse(fixture.index.holds(id, "e.f"));
        assertEquals(3, fixture.index.subscriptionCount(id));
    }

    @Test
    void observersSeeWhoAsksForWhat() {
        InboundFixture.Client client = fixture.open("alice");

        client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"order.*\"]}");

        SubscriptionRequest request = fixture.events.subscriptionRequests.get(0);
        assertEquals(client.session.id(), request.sessionId());
        assertEquals("alice", request.userId());
        assertEquals("order.*", request.opType());
        assertTrue(request.isPattern());
    }

    @Test
    void subscribingAgainToWhatIsHeldSucceedsEvenAtTheCap() {
        InboundFixture.Client client = fixture.open("alice");
        client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a\",\"b\",\"c\"]}");

        JsonObject again = client.answer("{\"type\":\"subscribe\",\"id\":\"2\",\"opTypes\":[\"b\",\"d\"]}");

        assertResult(again.getJsonArray("results").getJsonObject(0), "b", null);
        assertResult(again.getJsonArray("results").getJsonObject(1), "d", "too_many_subscriptions");
    }

    @Test
    void failingObserverAnswersHandlerErrorForThatOpTypeOnly() {
        fixture.events.onSubscription(request -> {
            if (request.opType().equals("boom")) {
                throw new IllegalStateException("observer bug");
            }
        });
        InboundFixture.Client client = fixture.open("alice");

        JsonObject answer = client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"boom\",\"fine\"]}");

        assertResult(answer.getJsonArray("results").getJsonObject(0), "boom", "handler_error");
        assertResult(answer.getJsonArray("results").getJsonObject(1), "fine", null);
        assertFalse(fixture.index.holds(client.session.id(), "boom"));
    }

    @Test
    void unsubscribeAnswersEachOpTypeAndRemovesIt() {
        InboundFixture.Client client = fixture.open("alice");
        client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a.b\",\"c.*\"]}");

        JsonObject answer =
                client.answer("{\"type\":\"unsubscribe\",\"id\":\"2\",\"opTypes\":[\"a.b\",\"x..y\",\"never.held\"]}");

        assertEquals("unsubscribed", answer.getString("type"));
        assertEquals("2", answer.getString("id"));
        assertResult(answer.getJsonArray("results").getJsonObject(0), "a.b", null);
        assertResult(answer.getJsonArray("results").getJsonObject(1), "x..y", "invalid_op_type");
        assertResult(answer.getJsonArray("results").getJsonObject(2), "never.held", null);
        assertFalse(fixture.index.holds(client.session.id(), "a.b"));
        assertTrue(fixture.index.holds(client.session.id(), "c.*"));
    }

    @Test
    void aSessionThatEndsWhileSubscribingLeavesNoEntryInTheIndex() {
        InboundFixture.Client client = fixture.open("alice");
        // The session ends (as an idle or slow-consumer close on another thread would) after its
        // index entries were removed but before this subscription is registered.
        fixture.events.onSubscription(request -> client.session.terminate(4002, "idle"));

        client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"news\",\"order.#\"]}");

        assertEquals(0, fixture.index.subscriptionCount(client.session.id()));
        assertTrue(fixture.index.find("news").isEmpty());
        assertTrue(fixture.index.find("order.created").isEmpty());
    }
}
