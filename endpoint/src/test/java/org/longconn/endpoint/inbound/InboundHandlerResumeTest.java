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

/** Positions in answers and pushes, and resuming a subscription from a position. */
class InboundHandlerResumeTest {

    private final InboundFixture fixture = new InboundFixture();
    private long seq;

    private void publish(String opType, int n) {
        fixture.router.route(Push.of(opType, new PushPayload.Json(Integer.toString(n))), 1, new Position("ep", ++seq));
    }

    private static String subscribe(String opType, String position) {
        return "{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"" + opType + "\"]"
                + (position == null ? "" : ",\"positions\":{\"" + opType + "\":\"" + position + "\"}") + "}";
    }

    @Test
    void aResumedSubscriptionGetsWhatItMissedInOrderThenLivePushes() {
        InboundFixture.Client first = fixture.open(null);
        publish("news", 0);
        JsonObject answer = first.answer(subscribe("news", null));
        String position = answer.getJsonArray("results").getJsonObject(0).getString("position");
        assertEquals("ep-1", position, "the position when the subscription took effect");
        publish("news", 1);
        String lastSeen =
                InboundFixture.json(first.texts().get(first.texts().size() - 1)).getString("pos");
        assertEquals("ep-2", lastSeen);

        // The connection drops; meanwhile three more pushes, one of another opType.
        publish("news", 2);
        publish("other", 99);
        publish("news", 3);

        InboundFixture.Client again = fixture.open(null);
        List<JsonObject> frames = again.send(subscribe("news", lastSeen));
        assertEquals("subscribed", frames.get(0).getString("type"));
        JsonObject result = frames.get(0).getJsonArray("results").getJsonObject(0);
        assertTrue(result.getBoolean("recovered"));
        assertEquals("ep-5", result.getString("position"));
        assertEquals(
                List.of("2", "3"),
                frames.subList(1, frames.size()).stream()
                        .map(f -> f.get("data").toString())
                        .toList());
        assertEquals(
                List.of("ep-3", "ep-5"),
                frames.subList(1, frames.size()).stream()
                        .map(f -> f.getString("pos"))
                        .toList());

        publish("news", 4);
        JsonObject live = InboundFixture.json(again.texts().get(again.texts().size() - 1));
        assertEquals("4", live.get("data").toString());
    }

    @Test
    void anUnknownOrOtherEpochPositionIsNotRecoveredAndLivePushesFlow() {
        publish("news", 0);
        for (String bogus : List.of("garbage", "otherepoch-1", "ep-x", "-1")) {
            InboundFixture.Client client = fixture.open(null);
            List<JsonObject> frames = client.send(subscribe("news", bogus));
            assertEquals(1, frames.size(), "no replay for " + bogus);
            JsonObject result = frames.get(0).getJsonArray("results").getJsonObject(0);
            assertTrue(result.getBoolean("ok"));
            assertFalse(result.getBoolean("recovered"), bogus);
        }
        List<JsonObject> fromTheStart = fixture.open(null).send(subscribe("news", "ep-0"));
        assertTrue(
                fromTheStart.get(0).getJsonArray("results").getJsonObject(0).getBoolean("recovered"),
                "this node holds the epoch from its first push");
        assertEquals(2, fromTheStart.size());
        String counted = fixture.metrics.scrape();
        assertTrue(counted.contains("longconn_resumes_total{recovered=\"false\"} 4.0"), counted);
        assertTrue(counted.contains("longconn_resumes_total{recovered=\"true\"} 1.0"), counted);
        InboundFixture.Client client = fixture.open(null);
        client.send(subscribe("news", "garbage"));
        publish("news", 1);
        assertEquals(
                "1",
                InboundFixture.json(client.texts().get(client.texts().size() - 1))
                        .get("data")
                        .toString());
    }

    @Test
    void aPositionIsOnlyForResumingAndAbsentWithoutOne() {
        InboundFixture.Client client = fixture.open(null);
        JsonObject result =
                client.answer(subscribe("news", null)).getJsonArray("results").getJsonObject(0);
        assertFalse(result.containsKey("recovered"));
        assertEquals("none-0", result.getString("position"), "no push seen yet: a position no resume can succeed from");
    }

    @Test
    void positionsMustBeAnObjectOfStrings() {
        InboundFixture.Client client = fixture.open(null);
        JsonObject error = client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a\"],\"positions\":[1]}");
        assertEquals("bad_frame", error.getString("code"));
        error = client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a\"],\"positions\":{\"a\":5}}");
        assertEquals("bad_frame", error.getString("code"));
        assertTrue(error.getString("message").contains("positions['a']"), error.getString("message"));
    }
}
