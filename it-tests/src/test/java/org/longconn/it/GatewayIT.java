package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway on embedded GlassFish with real WebSocket clients: subscriptions, pushes, calls, hooks. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GatewayIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("callTimeoutMs=1000\n");
    }

    /** Asks the test application to push, and checks it did. */
    private static void pushVia(TestClient client, String request) throws InterruptedException {
        JsonObject reply = client.call("test.push", request);
        assertTrue(reply.containsKey("data"), () -> "push refused: " + reply);
    }

    private static String push(String opType, String dataJson) {
        return "{\"opType\":\"" + opType + "\",\"data\":" + dataJson + "}";
    }

    @Test
    void aNodeOnTheInMemoryBusIsLiveAndReady() throws Exception {
        for (String which : List.of("live", "ready")) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + Deployments.port() + "/longconn/health/" + which))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(
                    "no-store", answer.headers().firstValue("Cache-Control").orElse(null));
            assertEquals(
                    which.equals("live")
                            ? "{\"status\":\"UP\"}"
                            : "{\"status\":\"UP\",\"checks\":{\"serving\":true,\"bus\":\"in-memory\"}}",
                    answer.body());
        }
    }

    @Test
    void threeClientsWithDifferentSubscriptionsEachGetExactlyTheirPushes() throws Exception {
        try (TestClient orders = TestClient.connect(Deployments.ws(null));
                TestClient chat = TestClient.connect(Deployments.ws(null));
                TestClient both = TestClient.connect(Deployments.ws(null))) {
            orders.subscribe("order.created", "marker");
            chat.subscribe("chat.room", "marker");
            both.subscribe("order.created", "chat.room", "marker");

            pushVia(orders, push("order.created", "{\"id\":1}"));
            pushVia(orders, push("chat.room", "{\"text\":\"hi\"}"));
            pushVia(orders, push("stock.changed", "{}"));
            pushVia(orders, push("marker", "null"));

            assertEquals(List.of("order.created"), opTypes(orders.pushesUntil("marker")));
            assertEquals(List.of("chat.room"), opTypes(chat.pushesUntil("marker")));
            List<JsonObject> all = both.pushesUntil("marker");
            assertEquals(List.of("order.created", "chat.room"), opTypes(all));
            assertEquals(1, all.get(0).getJsonObject("data").getInt("id"));
            assertTrue(all.get(0).getJsonNumber("ts").longValue() > 0);
        }
    }

    @Test
    void wildcardPatternsMatchBySegmentAndDeliverOncePerSession() throws Exception {
        try (TestClient oneLevel = TestClient.connect(Deployments.ws(null));
                TestClient anyDepth = TestClient.connect(Deployments.ws(null))) {
            oneLevel.subscribe("order.*", "marker");
            anyDepth.subscribe("order.#", "order.created", "marker");

            for (String opType : List.of("order", "order.created", "order.eu.created", "orders.created")) {
                pushVia(oneLevel, push(opType, "null"));
            }
            pushVia(oneLevel, push("marker", "null"));

            assertEquals(List.of("order.created"), opTypes(oneLevel.pushesUntil("marker")));
            // "order.#" also matches "order" (zero segments); "order.created" arrives once though two subscriptions
            // match.
            assertEquals(
                    List.of("order", "order.created", "order.eu.created"), opTypes(anyDepth.pushesUntil("marker")));
        }
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("news", "marker");
            JsonObject answer = client.unsubscribe("news", "never.subscribed");
            assertTrue(answer.getJsonArray("results").getJsonObject(0).getBoolean("ok"));
            assertTrue(answer.getJsonArray("results").getJsonObject(1).getBoolean("ok"));
            pushVia(client, push("news", "1"));
            pushVia(client, push("marker", "null"));
            assertEquals(List.of(), client.pushesUntil("marker"));
        }
    }

    @Test
    void pushesToAUserReachAllTheirSubscribedSessionsOnly() throws Exception {
        try (TestClient alicePhone = TestClient.connect(Deployments.ws("token=user:alice"));
                TestClient aliceWeb = TestClient.connect(Deployments.ws("token=user:alice"));
                TestClient bob = TestClient.connect(Deployments.ws("token=user:bob"))) {
            assertEquals("alice", alicePhone.welcome.getString("userId"));
            for (TestClient client : List.of(alicePhone, aliceWeb, bob)) {
                client.subscribe("inbox", "marker");
            }
            pushVia(bob, "{\"opType\":\"inbox\",\"user\":\"alice\",\"data\":{\"unread\":3}}");
            pushVia(bob, "{\"opType\":\"inbox\",\"session\":\"" + bob.sessionId() + "\",\"data\":{\"unread\":1}}");
            pushVia(bob, push("marker", "null"));

            assertEquals(
                    3,
                    alicePhone
                            .pushesUntil("marker")
                            .get(0)
                            .getJsonObject("data")
                            .getInt("unread"));
            assertEquals(1, aliceWeb.pushesUntil("marker").size());
            List<JsonObject> bobs = bob.pushesUntil("marker");
            assertEquals(1, bobs.size());
            assertEquals(1, bobs.get(0).getJsonObject("data").getInt("unread"));
        }
    }

    @Test
    void binaryPushArrivesAsABinaryFrameInTheDocumentedLayout() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("file.chunk");
            byte[] payload = {0, 1, 2, (byte) 0xFF};
            pushVia(
                    client,
                    "{\"opType\":\"file.chunk\",\"binaryBase64\":\""
                            + Base64.getEncoder().encodeToString(payload) + "\"}");
            TestClient.Received received;
            do {
                received = client.next();
            } while (!(received instanceof TestClient.Binary));
            ByteBuffer frame = ByteBuffer.wrap(((TestClient.Binary) received).bytes());
            assertEquals(2, frame.get());
            byte[] opType = new byte[frame.getShort()];
            frame.get(opType);
            assertEquals("file.chunk", new String(opType, StandardCharsets.UTF_8));
            assertTrue(frame.getLong() > 0);
            byte[] position = new byte[frame.get()];
            frame.get(position);
            assertTrue(new String(position, StandardCharsets.US_ASCII).matches("[a-z0-9]+-[0-9]+"));
            byte[] body = new byte[frame.remaining()];
            frame.get(body);
            assertArrayEquals(payload, body);
        }
    }

    @Test
    void aClientMessageReachesItsObserver() throws Exception {
        try (TestClient sender = TestClient.connect(Deployments.ws(null));
                TestClient listener = TestClient.connect(Deployments.ws(null))) {
            listener.subscribe("chat.room");
            sender.send("{\"type\":\"message\",\"opType\":\"chat.send\",\"data\":{\"text\":\"hello\"}}");
            JsonObject push = listener.awaitType("push");
            assertEquals("hello", push.getJsonObject("data").getString("text"));
            assertEquals(sender.sessionId(), push.getJsonObject("data").getString("from"));
        }
    }

    @Test
    void callsAreAnsweredByTheirHandlerOrByTheGateway() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            assertEquals(
                    "{\"a\":[1,2]}",
                    client.call("test.echo", "{\"a\":[1,2]}")
                            .getJsonObject("data")
                            .toString());

            JsonObject failed = client.call("test.fail", "null").getJsonObject("error");
            assertEquals("not_found", failed.getString("code"));
            assertEquals("no such thing", failed.getString("message"));

            assertEquals(
                    "no_handler",
                    client.call("nobody.listens", "null").getJsonObject("error").getString("code"));
            assertEquals(
                    "handler_error",
                    client.call("test.boom", "null").getJsonObject("error").getString("code"));
            assertEquals(
                    "timeout",
                    client.call("test.silent", "null").getJsonObject("error").getString("code"));

            // The session survived all of that.
            assertEquals("7", client.call("test.echo", "7").get("data").toString());
        }
    }

    @Test
    void pingsAndBareHeartbeatsAreAnsweredAtOnce() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.send("{\"type\":\"ping\",\"id\":\"hb1\"}");
            assertEquals("hb1", client.awaitType("pong").getString("id"));
            client.send("heartbeat");
            assertEquals(new TestClient.Text("pong"), client.next());
            client.send("ping");
            assertEquals(new TestClient.Text("pong"), client.next());
            assertEquals(25_000, client.welcome.getInt("heartbeatIntervalMs"));
            assertEquals(60_000, client.welcome.getInt("idleTimeoutMs"));
            assertEquals(1_000, client.welcome.getInt("callTimeoutMs"));
        }
    }

    @Test
    void theSubprotocolIsNegotiated() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (TestClient ours = TestClient.connect(
                        http.newWebSocketBuilder().subprotocols("longconn.v1"), Deployments.ws(null));
                TestClient other = TestClient.connect(
                        http.newWebSocketBuilder().subprotocols("token-abc"), Deployments.ws(null))) {
            assertEquals("longconn.v1", ours.socket().getSubprotocol());
            assertEquals("token-abc", other.socket().getSubprotocol());
        }
    }

    @Test
    void handshakeHookRejectsWith401Or403() {
        assertEquals(401, refusedStatus("token=bad"));
        assertEquals(403, refusedStatus("token=banned"));
    }

    private static int refusedStatus(String query) {
        ExecutionException failure = assertThrows(
                ExecutionException.class,
                () -> HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(Deployments.ws(query), new java.net.http.WebSocket.Listener() {})
                        .get());
        Throwable cause = failure.getCause() instanceof CompletionException c ? c.getCause() : failure.getCause();
        return assertInstanceOf(WebSocketHandshakeException.class, cause)
                .getResponse()
                .statusCode();
    }

    @Test
    void subscriptionHookDeniesOneOpTypeAndGrantsTheOthers() throws Exception {
        try (TestClient user = TestClient.connect(Deployments.ws("token=user:carol"));
                TestClient admin = TestClient.connect(Deployments.ws("token=user:admin"))) {
            JsonObject answer = user.subscribeRaw("secret.plans", "public.news");
            JsonObject denied = answer.getJsonArray("results").getJsonObject(0);
            assertFalse(denied.getBoolean("ok"));
            assertEquals("subscription_denied", denied.getString("code"));
            assertEquals("secret opTypes are for admins", denied.getString("message"));
            assertTrue(answer.getJsonArray("results").getJsonObject(1).getBoolean("ok"));
            admin.subscribe("secret.plans");
        }
    }

    @Test
    void serverSideDisconnectSendsADisconnectFrameThenClosesWithTheSameCode() throws Exception {
        try (TestClient target = TestClient.connect(Deployments.ws(null));
                TestClient admin = TestClient.connect(Deployments.ws(null))) {
            admin.call(
                    "test.disconnect",
                    "{\"session\":\"" + target.sessionId() + "\",\"code\":4601,\"reason\":\"banned by admin\"}");
            JsonObject disconnect = target.awaitType("disconnect");
            assertEquals(4601, disconnect.getInt("code"));
            assertEquals("banned by admin", disconnect.getString("reason"));
            assertFalse(disconnect.getBoolean("reconnect"));
            assertEquals(new TestClient.Closed(4601, "banned by admin"), target.awaitClose(null));
        }
    }

    @Test
    void disconnectingAUserClosesEachOfTheirSessions() throws Exception {
        try (TestClient first = TestClient.connect(Deployments.ws("token=user:dave"));
                TestClient second = TestClient.connect(Deployments.ws("token=user:dave"));
                TestClient admin = TestClient.connect(Deployments.ws(null))) {
            JsonObject reply =
                    admin.call("test.disconnect", "{\"user\":\"dave\",\"code\":4100,\"reason\":\"please reconnect\"}");
            assertEquals(2, reply.getJsonObject("data").getInt("disconnected"));
            for (TestClient client : List.of(first, second)) {
                assertTrue(client.awaitType("disconnect").getBoolean("reconnect"));
                assertEquals(4100, client.awaitClose(null).code());
            }
        }
    }

    @Test
    void observersRunInARequestContextOfTheirOwn() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            JsonObject first = client.call("test.scope", "null").getJsonObject("data");
            JsonObject second = client.call("test.scope", "null").getJsonObject("data");
            assertEquals(first.getString("first"), first.getString("second"));
            assertNotEquals(first.getString("first"), second.getString("first"));
        }
    }

    @Test
    void aBinaryCallIsAnsweredAndABinaryMessageReachesItsObserverAsBytes() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.sendBinary(4, "test.bytes", "b1", (byte) 7, (byte) 8, (byte) 9);
            JsonObject reply = client.awaitType("reply");
            assertEquals("b1", reply.getString("id"));
            assertEquals(3, reply.getJsonObject("data").getInt("length"));
            assertEquals(7, reply.getJsonObject("data").getInt("first"));

            client.subscribe("test.echoBytes");
            byte[] payload = {0, (byte) 0xFF, 42};
            client.sendBinary(3, "test.echoBytes", null, payload);
            byte[] push = client.awaitBinary();
            assertArrayEquals(
                    payload,
                    Arrays.copyOfRange(push, push.length - payload.length, push.length),
                    "the observer got the bytes as sent, and pushed them back");
        }
    }

    @Test
    void theTimerAndCloserThreadsAreTheContainersManagedThreads() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            JsonObject threads = client.call("test.threads", "null").getJsonObject("data");
            assertEquals(
                    Set.of("longconn-timer-1", "longconn-closer-1", "longconn-closer-2"),
                    threads.keySet(),
                    "made up front, one timer and two closers");
            threads.forEach((name, managed) ->
                    assertEquals(JsonValue.TRUE, managed, name + " is made by the container's ManagedThreadFactory"));
        }
    }

    @Test
    void handshakeHookCanAuthenticateFromAHeader() throws Exception {
        try (TestClient client = TestClient.connect(
                HttpClient.newHttpClient().newWebSocketBuilder().header("X-Token", "user:erin"),
                Deployments.ws(null))) {
            assertEquals("erin", client.welcome.getString("userId"));
        }
    }

    @Test
    void sessionClosedCarriesTheClientsCloseCodeAndReason() throws Exception {
        try (TestClient leaving = TestClient.connect(Deployments.ws(null));
                TestClient observer = TestClient.connect(Deployments.ws(null))) {
            observer.subscribe("test.session.closed");
            leaving.socket().sendClose(4321, "going home").join();
            assertEquals(4321, leaving.awaitClose(null).code());
            JsonObject closed;
            do {
                closed = observer.awaitType("push").getJsonObject("data");
            } while (!closed.getString("session").equals(leaving.sessionId()));
            assertEquals(4321, closed.getInt("code"));
            assertEquals("going home", closed.getString("reason"));
        }
    }

    private static List<String> opTypes(List<JsonObject> pushes) {
        List<String> opTypes = new ArrayList<>();
        pushes.forEach(push -> opTypes.add(push.getString("opType")));
        return opTypes;
    }
}
