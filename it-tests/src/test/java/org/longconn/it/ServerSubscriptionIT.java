package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Subscriptions the application makes (PROTOCOL.md §17) on the real container: from the
 * handshake hook ({@code token=subs:<user>:<opTypes>}), and for a user through {@code
 * SessionControl.subscribeUser}, which also reaches the user's next session.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ServerSubscriptionIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("");
    }

    private static List<String> opTypes(JsonObject subscribed) {
        return subscribed.getJsonArray("results").stream()
                .map(result -> result.asJsonObject().getString("opType"))
                .toList();
    }

    private static void push(TestClient via, String opType, String json) throws InterruptedException {
        via.call("test.push", "{\"opType\":\"" + opType + "\",\"data\":" + json + "}");
    }

    @Test
    void theHandshakesSubscriptionsAreMadeForAClientThatAsksForNothingAndChecked() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws("token=subs:alice:inbox.alice,secret.plans"))) {
            JsonObject told = client.awaitType("subscribed");
            assertTrue(told.getBoolean("server"));
            assertFalse(told.containsKey("id"));
            assertEquals(List.of("inbox.alice", "secret.plans"), opTypes(told));
            JsonObject denied = told.getJsonArray("results").getJsonObject(1);
            assertFalse(denied.getBoolean("ok"), "the SubscriptionRequest hook checks server-made ones too");
            assertEquals("subscription_denied", denied.getString("code"));

            push(client, "inbox.alice", "{\"n\":1}");
            assertEquals(
                    1,
                    client.pollPush("inbox.alice", Duration.ofSeconds(10))
                            .getJsonObject("data")
                            .getInt("n"));
        }
    }

    @Test
    void aUsersSubscriptionReachesItsOpenSessionAndItsNextOneWhichResumesItsOwnFirst() throws Exception {
        try (TestClient first = TestClient.connect(Deployments.ws("token=user:bob"))) {
            JsonObject reached = first.call("test.subscribeUser", "{\"user\":\"bob\",\"opType\":\"alerts.bob\"}");
            assertEquals(1, reached.getJsonObject("data").getInt("sessions"));
            JsonObject told = first.awaitType("subscribed");
            assertTrue(told.getBoolean("server"));
            assertEquals(List.of("alerts.bob"), opTypes(told));
        }
        try (TestClient next = TestClient.connect(Deployments.ws("token=user:bob"))) {
            // Its own subscribe first: answered as usual, then the server's for the rest.
            next.subscribe("news");
            JsonObject restored = next.awaitType("subscribed");
            assertTrue(restored.getBoolean("server"), restored::toString);
            assertEquals(List.of("alerts.bob"), opTypes(restored));
            push(next, "alerts.bob", "{\"n\":2}");
            assertEquals(
                    2,
                    next.pollPush("alerts.bob", Duration.ofSeconds(10))
                            .getJsonObject("data")
                            .getInt("n"));

            next.call("test.subscribeUser", "{\"user\":\"bob\",\"opType\":\"alerts.bob\",\"subscribe\":false}");
            assertTrue(next.awaitType("unsubscribed").getBoolean("server"));
        }
        try (TestClient last = TestClient.connect(Deployments.ws("token=user:bob"))) {
            last.subscribe("news");
            push(last, "alerts.bob", "{\"n\":3}");
            push(last, "news", "{\"marker\":true}");
            assertEquals(List.of(), last.pushesUntil("news"), "taken back: no longer restored");
        }
    }
}
