package org.longconn.endpoint.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.config.RefreshConfig;
import org.longconn.endpoint.session.FakeTransport;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.ManualCloser;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.session.TestSessions;

class ExpiryWatchTest {

    private final SessionRegistry sessions = new SessionRegistry();
    private final ExpiryWatch watch = new ExpiryWatch(sessions, new RefreshConfig(60_000));

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private GatewaySession session(String id, FakeTransport transport) {
        GatewaySession session = TestSessions.open(id, "alice", transport, new ManualCloser());
        sessions.add(session);
        return session;
    }

    @Test
    void asksOnceWithinTheWindowThenEndsTheSessionAtItsExpiry() {
        FakeTransport transport = FakeTransport.inline();
        GatewaySession session = session("s1", transport);
        session.expiry().set(200_000, 0);

        assertEquals(0, watch.check(139_999));
        assertEquals(List.of(), transport.texts(), "not yet within the minute ahead");
        watch.check(140_000);
        watch.check(140_500);
        assertEquals(1, transport.texts().size(), "asked once per expiry");
        JsonObject asked = json(transport.texts().get(0));
        assertEquals("refresh_required", asked.getString("type"));
        assertEquals(200_000, asked.getJsonNumber("expiresAt").longValue());

        assertTrue(session.expiry().renew(400_000, 150_000));
        watch.check(339_999);
        assertEquals(1, transport.texts().size());
        watch.check(340_000);
        assertEquals(2, transport.texts().size(), "asked again before the new expiry");

        assertEquals(1, watch.check(400_000));
        JsonObject disconnect = json(transport.texts().get(2));
        assertEquals("disconnect", disconnect.getString("type"));
        assertEquals(4005, disconnect.getInt("code"));
        assertTrue(disconnect.getBoolean("reconnect"));
        assertTrue(session.isClosing());
        assertFalse(session.expiry().renew(900_000, 400_001), "an expired session is not renewed");
    }

    @Test
    void aShortLivedTokenIsAskedForAtHalfItsLifeNotAtOnce() {
        FakeTransport transport = FakeTransport.inline();
        session("s3", transport).expiry().set(10_000, 0);
        watch.check(4_999);
        assertEquals(List.of(), transport.texts());
        watch.check(5_000);
        assertEquals(1, transport.texts().size());
    }

    @Test
    void sessionsWithoutExpiryAreLeftAlone() {
        FakeTransport transport = FakeTransport.inline();
        session("s2", transport);
        assertEquals(0, watch.check(Long.MAX_VALUE));
        assertEquals(List.of(), transport.texts());
    }
}
