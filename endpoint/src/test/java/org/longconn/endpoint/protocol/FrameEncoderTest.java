package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.push.PushPayload;
import org.longconn.api.session.Disconnect;

class FrameEncoderTest {

    private static JsonObject parse(OutboundFrame frame) {
        assertTrue(frame.isText(), frame::toString);
        try (JsonReader reader = Json.createReader(new StringReader(frame.text()))) {
            return reader.readObject();
        }
    }

    @Test
    void welcomeAnnouncesSessionAndLimits() {
        JsonObject json = parse(FrameEncoder.welcome(
                new FrameEncoder.Welcome("s-1", "alice", 25_000, 60_000, 10_000, 65_536, 100, 128, 0)));

        assertEquals("welcome", json.getString("type"));
        assertEquals(FrameEncoder.PROTOCOL_VERSION, json.getInt("protocol"));
        assertEquals("s-1", json.getString("sessionId"));
        assertEquals("alice", json.getString("userId"));
        assertEquals(25_000, json.getJsonNumber("heartbeatIntervalMs").longValue());
        assertEquals(60_000, json.getJsonNumber("idleTimeoutMs").longValue());
        assertEquals(10_000, json.getJsonNumber("callTimeoutMs").longValue());
        assertEquals(65_536, json.getInt("maxFrameBytes"));
        assertEquals(100, json.getInt("maxSubscriptions"));
        assertEquals(128, json.getInt("maxOpTypeLength"));
    }

    @Test
    void welcomeOfAnonymousSessionHasNullUserId() {
        JsonObject json = parse(FrameEncoder.welcome(new FrameEncoder.Welcome("s-1", null, 1, 2, 5, 3, 4, 6, 0)));

        assertEquals(JsonValue.NULL, json.get("userId"));
    }

    @Test
    void pongEchoesTheIdWhenGiven() {
        JsonObject withId = parse(FrameEncoder.pong("p1"));
        JsonObject withoutId = parse(FrameEncoder.pong(null));

        assertEquals("pong", withId.getString("type"));
        assertEquals("p1", withId.getString("id"));
        assertEquals("pong", withoutId.getString("type"));
        assertFalse(withoutId.containsKey("id"));
        assertEquals("pong", FrameEncoder.BARE_PONG.text());
    }

    @Test
    void subscriptionResultsListOneResultPerOpTypeWithErrorsOnlyOnFailures() {
        JsonObject json = parse(FrameEncoder.subscriptionResults(
                "subscribed",
                "1",
                List.of(
                        SubscriptionResult.ok("a.b"),
                        SubscriptionResult.failed("x..y", ErrorCode.INVALID_OP_TYPE, "empty segment"))));

        assertEquals("subscribed", json.getString("type"));
        assertEquals("1", json.getString("id"));
        JsonObject ok = json.getJsonArray("results").getJsonObject(0);
        JsonObject failed = json.getJsonArray("results").getJsonObject(1);
        assertEquals("a.b", ok.getString("opType"));
        assertTrue(ok.getBoolean("ok"));
        assertFalse(ok.containsKey("code"));
        assertEquals("x..y", failed.getString("opType"));
        assertFalse(failed.getBoolean("ok"));
        assertEquals("invalid_op_type", failed.getString("code"));
        assertEquals("empty segment", failed.getString("message"));
    }

    @Test
    void replyEmbedsDataVerbatim() {
        OutboundFrame frame = FrameEncoder.reply("7", "{\"name\":\"bob\",\"tags\":[1,2]}");
        JsonObject json = parse(frame);

        assertEquals("reply", json.getString("type"));
        assertEquals("7", json.getString("id"));
        assertEquals("bob", json.getJsonObject("data").getString("name"));
        assertTrue(frame.text().contains("\"data\":{\"name\":\"bob\",\"tags\":[1,2]}"), frame.text());
    }

    @Test
    void replyErrorCarriesCodeAndMessage() {
        JsonObject json = parse(FrameEncoder.replyError("7", "not_found", "no such user"));

        assertEquals("reply", json.getString("type"));
        assertEquals("7", json.getString("id"));
        assertEquals("not_found", json.getJsonObject("error").getString("code"));
        assertEquals("no such user", json.getJsonObject("error").getString("message"));
        assertFalse(json.containsKey("data"));
    }

    @Test
    void errorCarriesWireCodeMessageAndIdWhenKnown() {
        JsonObject withId = parse(FrameEncoder.error(ErrorCode.RATE_LIMITED, "slow down", "4"));
        JsonObject withoutId = parse(FrameEncoder.error(ErrorCode.BAD_JSON, "not json", null));

        assertEquals("error", withId.getString("type"));
        assertEquals("rate_limited", withId.getString("code"));
        assertEquals("slow down", withId.getString("message"));
        assertEquals("4", withId.getString("id"));
        assertEquals("bad_json", withoutId.getString("code"));
        assertFalse(withoutId.containsKey("id"));
    }

    @Test
    void disconnectCarriesCodeReasonAndReconnectAdvice() {
        JsonObject reconnect = parse(FrameEncoder.disconnect(Disconnect.reconnect(4001, "slow")));
        JsonObject stop = parse(FrameEncoder.disconnect(Disconnect.stop(4501, "bad")));

        assertEquals("disconnect", reconnect.getString("type"));
        assertEquals(4001, reconnect.getInt("code"));
        assertEquals("slow", reconnect.getString("reason"));
        assertTrue(reconnect.getBoolean("reconnect"));
        assertEquals(4501, stop.getInt("code"));
        assertFalse(stop.getBoolean("reconnect"));
    }

    @Test
    void jsonPushEmbedsDataVerbatimWithOpTypeAndTimestamp() {
        String data = "{\"id\":42,\"items\":[\"a\",{\"b\":null}],\"x\":1.5e3}";
        OutboundFrame frame = FrameEncoder.push(
                "order.created", 1_700_000_000_123L, new Position("k3x", 5), new PushPayload.Json(data));
        JsonObject json = parse(frame);

        assertEquals("push", json.getString("type"));
        assertEquals("order.created", json.getString("opType"));
        assertEquals(1_700_000_000_123L, json.getJsonNumber("ts").longValueExact());
        assertEquals("k3x-5", json.getString("pos"));
        assertTrue(frame.text().endsWith(",\"data\":" + data + "}"), frame.text());
    }

    @Test
    void jsonPushSizeIsItsUtf8Length() {
        OutboundFrame frame = FrameEncoder.push("a.b", 1, new Position("k3x", 5), new PushPayload.Json("\"é€\""));

        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.size());
    }
}
