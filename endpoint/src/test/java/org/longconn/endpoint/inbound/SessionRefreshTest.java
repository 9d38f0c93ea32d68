package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.RefreshRequest;

/** In-band refresh of a session's credentials (PROTOCOL.md §16). */
class SessionRefreshTest {

    private final InboundFixture fixture = new InboundFixture();
    private final long expiresAt = System.currentTimeMillis() + 30_000;
    private final InboundFixture.Client client = fixture.open("alice", expiresAt);

    @Test
    void welcomeTellsTheExpiry() {
        JsonObject welcome = InboundFixture.json(client.texts().get(0));
        assertEquals(expiresAt, welcome.getJsonNumber("expiresAt").longValue());
        JsonObject forever = InboundFixture.json(fixture.open("bob").texts().get(0));
        assertFalse(forever.containsKey("expiresAt"), "a session that does not expire says nothing");
    }

    @Test
    void anAcceptedTokenMovesTheExpiry() {
        AtomicReference<RefreshRequest> seen = new AtomicReference<>();
        Instant later = Instant.ofEpochMilli(expiresAt + 3_600_000);
        fixture.events.onRefresh(refresh -> {
            seen.set(refresh);
            refresh.accept(later);
        });

        JsonObject answer = client.answer("{\"type\":\"refresh\",\"id\":\"r1\",\"token\":\"t2\"}");

        assertEquals("refreshed", answer.getString("type"));
        assertEquals("r1", answer.getString("id"));
        assertEquals(later.toEpochMilli(), answer.getJsonNumber("expiresAt").longValue());
        assertEquals(later.toEpochMilli(), client.session.expiry().atMs());
        assertEquals("t2", seen.get().token());
        assertEquals("alice", seen.get().userId());
        assertEquals(client.session.id(), seen.get().sessionId());
        assertEquals(Instant.ofEpochMilli(expiresAt), seen.get().expiresAt());
    }

    @Test
    void aRefusedTokenChangesNothingAndSaysWhy() {
        fixture.events.onRefresh(refresh -> refresh.refuse("token revoked"));

        JsonObject answer = client.answer("{\"type\":\"refresh\",\"id\":\"r2\",\"token\":\"x\"}");

        assertEquals("error", answer.getString("type"));
        assertEquals("refresh_denied", answer.getString("code"));
        assertEquals("r2", answer.getString("id"));
        assertEquals("token revoked", answer.getString("message"));
        assertEquals(expiresAt, client.session.expiry().atMs());
    }

    @Test
    void aTokenNoObserverAcceptsIsDenied() {
        JsonObject answer = client.answer("{\"type\":\"refresh\",\"id\":\"r3\",\"token\":\"x\"}");
        assertEquals("refresh_denied", answer.getString("code"));
        assertTrue(answer.getString("message").contains("no observer accepted"), answer::toString);
    }

    @Test
    void aRefusalWinsOverAnAcceptanceAndAPastExpiryIsNotAccepted() {
        fixture.events.onRefresh(refresh -> {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> refresh.accept(Instant.now().minusSeconds(1)));
            refresh.accept(Instant.now().plusSeconds(60));
            refresh.refuse("second observer says no");
        });
        assertEquals(
                "second observer says no",
                client.answer("{\"type\":\"refresh\",\"id\":\"r4\",\"token\":\"x\"}")
                        .getString("message"));
    }

    @Test
    void aSessionWithoutExpiryHasNothingToRefreshAndAMalformedRefreshIsBadFrame() {
        InboundFixture.Client forever = fixture.open("bob");
        assertEquals(
                "refresh_denied",
                forever.answer("{\"type\":\"refresh\",\"id\":\"r5\",\"token\":\"x\"}")
                        .getString("code"));
        assertEquals(
                "bad_frame",
                client.answer("{\"type\":\"refresh\",\"id\":\"r6\"}").getString("code"));
        assertEquals(
                "bad_frame",
                client.answer("{\"type\":\"refresh\",\"token\":\"x\"}").getString("code"));
    }
}
