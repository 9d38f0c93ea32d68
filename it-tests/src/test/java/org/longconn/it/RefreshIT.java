package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connection expiry and in-band refresh (PROTOCOL.md §16) on the real container: the test app's
 * handshake hook gives a token {@code exp:<user>:<ms>} an expiry {@code ms} from now, and its
 * {@code RefreshRequest} observer accepts such a token of the same user and refuses others. With
 * the default {@code refreshAheadMs} (a minute), a session of a few seconds is asked at once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RefreshIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("");
    }

    @Test
    void aRefreshedSessionOutlivesItsFirstExpiry() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws("token=exp:alice:3000"))) {
            long firstExpiry = client.welcome.getJsonNumber("expiresAt").longValue();
            JsonObject asked = client.awaitType("refresh_required");
            assertEquals(firstExpiry, asked.getJsonNumber("expiresAt").longValue());

            client.send("{\"type\":\"refresh\",\"id\":\"r1\",\"token\":\"exp:alice:600000\"}");
            JsonObject refreshed = client.awaitType("refreshed");
            assertEquals("r1", refreshed.getString("id"));
            assertTrue(refreshed.getJsonNumber("expiresAt").longValue() > firstExpiry + 500_000);

            // Past the first expiry (and a check period), the session still answers.
            long deadline = firstExpiry + 1_500;
            while (System.currentTimeMillis() < deadline) {
                assertNull(
                        client.pollFrame("disconnect", Duration.ofMillis(deadline - System.currentTimeMillis())),
                        "no disconnect after a refresh");
            }
            assertEquals("ok", client.call("test.echo", "\"ok\"").getString("data"));
        }
    }

    @Test
    void aRefusedRefreshChangesNothingAndTheSessionEndsAtItsExpiryWith4005() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws("token=exp:bob:2500"))) {
            client.awaitType("refresh_required");
            client.send("{\"type\":\"refresh\",\"id\":\"r2\",\"token\":\"exp:mallory:600000\"}");
            JsonObject denied = client.awaitType("error");
            assertEquals("refresh_denied", denied.getString("code"));
            assertEquals("r2", denied.getString("id"));
            assertEquals("bad token", denied.getString("message"));

            JsonObject disconnect = client.awaitType("disconnect");
            assertEquals(4005, disconnect.getInt("code"));
            assertTrue(disconnect.getBoolean("reconnect"));
            assertEquals("session expired: reconnect with a new token", disconnect.getString("reason"));
            assertEquals(4005, client.awaitClose(null).code());
        }
    }

    @Test
    void aSessionThatNeverRefreshesEndsAtItsExpiry() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws("token=exp:carol:1500"))) {
            client.awaitType("refresh_required");
            assertEquals(4005, client.awaitType("disconnect").getInt("code"));
        }
    }

    @Test
    void anExpiredTokenIsRefusedAtTheHandshake() {
        CompletionException refused = assertThrows(
                CompletionException.class,
                () -> HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(Deployments.ws("token=exp:dave:-1000"), new WebSocket.Listener() {})
                        .orTimeout(30, TimeUnit.SECONDS)
                        .join());
        WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
        assertEquals(401, handshake.getResponse().statusCode());
        assertTrue(String.valueOf(handshake.getResponse().body()).contains("session expired"));
    }

    @Test
    void aLongPollWhoseTokenExpiresWithinItsWaitIsAnsweredRefreshRequiredAndANewTokenPollsOn() throws Exception {
        HttpPoller poller = HttpPoller.at(Deployments.port());
        // A long-poll whose token expires before its wait would end: answered at once.
        HttpPoller.Answer asked =
                poller.pollAsync(25_000, "token=exp:erin:3000", "news").get(30, TimeUnit.SECONDS);
        assertEquals(200, asked.status());
        assertEquals("refresh_required", asked.body().getString("type"));

        HttpPoller.Answer polled =
                poller.pollAsync(0, "token=exp:erin:600000", "news").get(30, TimeUnit.SECONDS);
        assertEquals(200, polled.status());
        assertEquals("poll", polled.body().getString("type"));

        HttpPoller.Answer expired =
                poller.pollAsync(0, "token=exp:erin:-1", "news").get(30, TimeUnit.SECONDS);
        assertEquals(401, expired.status());
    }
}
