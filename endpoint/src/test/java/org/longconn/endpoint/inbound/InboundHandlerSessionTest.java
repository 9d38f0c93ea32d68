package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.endpoint.config.SessionCaps;

class InboundHandlerSessionTest {

    private final InboundFixture fixture = new InboundFixture();

    @Test
    void welcomeIsTheFirstFrameAndDescribesTheSession() {
        InboundFixture.Client client = fixture.open("alice");

        List<String> texts = client.texts();
        assertEquals(1, texts.size());
        JsonObject welcome = InboundFixture.json(texts.get(0));
        assertEquals("welcome", welcome.getString("type"));
        assertEquals(client.session.id(), welcome.getString("sessionId"));
        assertEquals("alice", welcome.getString("userId"));
        assertEquals(256, welcome.getInt("maxFrameBytes"));
        assertEquals(3, welcome.getInt("maxSubscriptions"));
        assertEquals(25_000, welcome.getInt("heartbeatIntervalMs"));
        assertEquals(60_000, welcome.getInt("idleTimeoutMs"));
    }

    @Test
    void openingRegistersTheSessionAndFiresSessionOpened() {
        InboundFixture.Client client = fixture.open(null);

        assertSame(client.session, fixture.sessions.get(client.session.id()));
        assertEquals(List.of(new SessionOpened(client.session.id(), null)), fixture.events.opened);
        assertEquals(JsonValue.NULL, InboundFixture.json(client.texts().get(0)).get("userId"));
    }

    @Test
    void aSessionOverACapIsToldWhyInsteadOfWelcomedAndIsNeitherRegisteredNorAnnounced() {
        InboundFixture capped = new InboundFixture(InboundFixture.config(), Forwarding.NONE, new SessionCaps(3, 2));
        capped.open("alice");
        capped.open("alice");
        InboundFixture.Client third = capped.open("alice");
        JsonObject tooMany = InboundFixture.json(third.texts().get(0));
        assertEquals("disconnect", tooMany.getString("type"));
        assertEquals(4502, tooMany.getInt("code"));
        assertFalse(tooMany.getBoolean("reconnect"));
        assertNull(capped.sessions.get(third.session.id()));
        assertEquals(2, capped.events.opened.size());

        capped.open(null);
        InboundFixture.Client fourth = capped.open("bob");
        JsonObject full = InboundFixture.json(fourth.texts().get(0));
        assertEquals(4004, full.getInt("code"));
        assertTrue(full.getBoolean("reconnect"), "a full node sends the client to another node");
        assertEquals(3, capped.sessions.size());
        String counted = capped.metrics.scrape();
        assertTrue(counted.contains("longconn_sessions_closed_total{code=\"4502\"} 1.0"), counted);
        assertTrue(counted.contains("longconn_sessions_closed_total{code=\"4004\"} 1.0"), counted);
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheId() {
        InboundFixture.Client client = fixture.open("alice");

        JsonObject pong = client.answer("{\"type\":\"ping\",\"id\":\"p-1\"}");

        assertEquals("pong", pong.getString("type"));
        assertEquals("p-1", pong.getString("id"));
    }

    @Test
    void pingWithoutIdIsAnsweredWithPlainPong() {
        InboundFixture.Client client = fixture.open("alice");

        JsonObject pong = client.answer("{\"type\":\"ping\"}");

        assertEquals("pong", pong.getString("type"));
        assertFalse(pong.containsKey("id"));
    }

    @Test
    void bareHeartbeatIsAnsweredWithBarePong() {
        InboundFixture.Client client = fixture.open("alice");

        fixture.handler.onText(client.session, " HeartBeat\n");
        fixture.handler.onText(client.session, "ping");

        assertEquals(List.of("pong", "pong"), client.texts().subList(1, 3));
    }

    @Test
    void inboundFramesRefreshLiveness() {
        InboundFixture.Client client = fixture.open("alice");
        long opened = client.session.lastSeenNanos();

        fixture.handler.onText(client.session, "ping");

        assertTrue(client.session.lastSeenNanos() >= opened);
    }

    @Test
    void closingRemovesTheSessionAndItsSubscriptionsAndFiresSessionClosed() {
        InboundFixture.Client client = fixture.open("alice");
        client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a.b\",\"c.*\"]}");
        String id = client.session.id();

        fixture.handler.closed(client.session, 1001, null);

        assertNull(fixture.sessions.get(id));
        assertTrue(fixture.sessions.sessionsOf("alice").isEmpty());
        assertEquals(0, fixture.index.subscriptionCount(id));
        assertTrue(fixture.index.find("a.b").isEmpty());
        assertEquals(List.of(new SessionClosed(id, "alice", 1001, "")), fixture.events.closed);
        assertTrue(client.session.isClosing());
    }

    @Test
    void framesAfterCloseAreIgnored() {
        InboundFixture.Client client = fixture.open("alice");
        fixture.handler.closed(client.session, 1000, "bye");

        fixture.handler.onText(client.session, "{\"type\":\"ping\",\"id\":\"1\"}");
        fixture.handler.onBinaryPart(client.session, ByteBuffer.wrap(new byte[] {3, 0, 1, 'a', 0}), true);

        assertEquals(1, client.texts().size());
    }
}
