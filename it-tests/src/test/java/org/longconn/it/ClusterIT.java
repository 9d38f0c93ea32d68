package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushPayload;

/**
 * Two gateway nodes (the EAR in two JVMs) on the stand-alone broker, with clients on both and
 * publishers outside both: a plain JMS client and a STOMP client on a bare socket.
 */
class ClusterIT {

    private static final String CONNECTED = "connected to the broker at";

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        // Node b forwards svc.* traffic to services on the broker; node a serves everything itself.
        cluster = TwoNodeCluster.start(
                "node",
                "-Dlongconn.devPublishFromLoopback=true",
                "-Dlongconn.remoteOpTypes=svc.#",
                "-Dlongconn.callTimeoutMs=2000");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TestClient client(int port, String query) throws Exception {
        return TestClient.connect(
                URI.create("ws://127.0.0.1:" + port + "/longconn/ws" + (query == null ? "" : "?" + query)));
    }

    private static Push json(String opType, String json) {
        return Push.of(opType, new PushPayload.Json(json));
    }

    @Test
    void anOutsideJmsPushReachesTheMatchingClientsOnBothNodesOnceEach() throws Exception {
        try (TestClient onA = client(cluster.portA, null);
                TestClient onB = client(cluster.portB, null);
                TestClient otherOnB = client(cluster.portB, null)) {
            onA.subscribe("news.#", "marker.jms");
            onB.subscribe("news.world", "marker.jms");
            otherOnB.subscribe("sports", "marker.jms");

            cluster.publish(json("news.world", "{\"headline\":\"hello\"}"), json("marker.jms", "null"));

            for (TestClient client : List.of(onA, onB)) {
                List<JsonObject> pushes = client.pushesUntil("marker.jms");
                assertEquals(1, pushes.size(), "exactly one push: " + pushes);
                assertEquals("hello", pushes.get(0).getJsonObject("data").getString("headline"));
            }
            assertEquals(List.of(), otherOnB.pushesUntil("marker.jms"));
        }
    }

    @Test
    void aUserTargetedPushFindsTheUsersSessionsOnEveryNode() throws Exception {
        // The stand-alone EAR has no handshake hook, so sessions are anonymous: target by session id.
        try (TestClient onA = client(cluster.portA, null);
                TestClient onB = client(cluster.portB, null)) {
            onA.subscribe("inbox", "marker.target");
            onB.subscribe("inbox", "marker.target");
            cluster.publish(
                    Push.toSession(onB.sessionId(), "inbox", new PushPayload.Json("1")), json("marker.target", "null"));
            assertEquals(List.of(), onA.pushesUntil("marker.target"));
            assertEquals(1, onB.pushesUntil("marker.target").size());
        }
    }

    /** {@code POST /longconn/api/push} on the node at {@code port} (node b opens it to loopback callers). */
    private static HttpResponse<String> publishOverHttp(int port, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/longconn/api/push"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> health(int port, String which) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/longconn/health/" + which))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Polls (with a deadline) until {@code /health/ready} on {@code port} answers {@code status}. */
    private static HttpResponse<String> awaitReadiness(int port, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> ready;
        while ((ready = health(port, "ready")).statusCode() != status) {
            if (System.nanoTime() > deadline) {
                fail("/health/ready on " + port + " still answers " + ready.statusCode() + " " + ready.body()
                        + " after 60 s; expected " + status);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return ready;
    }

    @Test
    void anOperatorOnNodeASeesBothNodesAndDisconnectsASessionHeldByNodeB() throws Exception {
        // Each node announces itself on the control channel every 5 s: both are listed soon.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String listed;
        while (!(listed = TwoNodeCluster.admin(cluster.portA, "/nodes", null, TwoNodeCluster.ADMIN_SECRET)
                        .body())
                .contains("\"id\":\"b\"")) {
            if (System.nanoTime() > deadline) {
                fail("node a does not list node b after 30 s: " + listed);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertTrue(listed.contains("\"id\":\"a\""), listed);
        assertEquals(
                401,
                TwoNodeCluster.admin(cluster.portA, "/nodes", null, "wrong").statusCode());

        try (TestClient onB = client(cluster.portB, null)) {
            onB.subscribe("ops.watched", "ops.#");
            HttpResponse<String> counted = TwoNodeCluster.admin(
                    cluster.portA, "/subscribers?opType=ops.watched", null, TwoNodeCluster.ADMIN_SECRET);
            assertEquals("{\"total\":1,\"byNode\":{\"a\":0,\"b\":1},\"unanswered\":[]}", counted.body());
            String busiest = TwoNodeCluster.admin(
                            cluster.portB, "/subscriptions?top=5", null, TwoNodeCluster.ADMIN_SECRET)
                    .body();
            assertTrue(busiest.contains("{\"subscription\":\"ops.#\",\"sessions\":1}"), busiest);
            HttpResponse<String> done = TwoNodeCluster.admin(
                    cluster.portA,
                    "/disconnect",
                    "{\"sessionId\":\"" + onB.sessionId() + "\",\"code\":4601,\"reason\":\"banned\"}",
                    TwoNodeCluster.ADMIN_SECRET);
            assertEquals(200, done.statusCode(), done.body());
            assertEquals("{\"total\":1,\"byNode\":{\"a\":0,\"b\":1},\"unanswered\":[]}", done.body());
            JsonObject disconnect = onB.awaitType("disconnect");
            assertEquals(4601, disconnect.getInt("code"));
            assertEquals("banned", disconnect.getString("reason"));
            assertFalse(disconnect.getBoolean("reconnect"));
        }
        HttpResponse<String> bad =
                TwoNodeCluster.admin(cluster.portA, "/disconnect", "{\"code\":4601}", TwoNodeCluster.ADMIN_SECRET);
        assertEquals(400, bad.statusCode(), bad.body());
    }

    @Test
    void anOperatorOnNodeASubscribesASessionHeldByNodeBWhichThenGetsItsPushes() throws Exception {
        try (TestClient onB = client(cluster.portB, null)) {
            onB.subscribe("marker.server");
            HttpResponse<String> done = TwoNodeCluster.admin(
                    cluster.portA,
                    "/subscribe",
                    "{\"sessionId\":\"" + onB.sessionId() + "\",\"opType\":\"alerts.ops\"}",
                    TwoNodeCluster.ADMIN_SECRET);
            assertEquals("{\"total\":1,\"byNode\":{\"a\":0,\"b\":1},\"unanswered\":[]}", done.body());
            JsonObject told = onB.awaitType("subscribed");
            assertTrue(told.getBoolean("server"), told::toString);
            assertEquals(
                    "alerts.ops", told.getJsonArray("results").getJsonObject(0).getString("opType"));

            cluster.publish(json("alerts.ops", "{\"n\":1}"), json("marker.server", "null"));
            assertEquals(1, onB.pushesUntil("marker.server").size(), "the server-made subscription delivers");

            TwoNodeCluster.admin(
                    cluster.portA,
                    "/unsubscribe",
                    "{\"sessionId\":\"" + onB.sessionId() + "\",\"opType\":\"alerts.ops\"}",
                    TwoNodeCluster.ADMIN_SECRET);
            assertTrue(onB.awaitType("unsubscribed").getBoolean("server"));
            cluster.publish(json("alerts.ops", "{\"n\":2}"), json("marker.server", "null"));
            assertEquals(List.of(), onB.pushesUntil("marker.server"), "and no longer after it is taken back");

            HttpResponse<String> bad = TwoNodeCluster.admin(
                    cluster.portA, "/subscribe", "{\"userId\":\"x\",\"opType\":\"a..b\"}", TwoNodeCluster.ADMIN_SECRET);
            assertEquals(400, bad.statusCode(), bad.body());
        }
    }

    @Test
    void aPushMadeOnNodeBReachesClientsOnNodeA() throws Exception {
        // The HTTP publish API of node B (opened to loopback callers) hands the push to node B's Pusher,
        // which publishes on the bus.
        try (TestClient onA = client(cluster.portA, null)) {
            onA.subscribe("via.node.b");
            HttpResponse<String> response =
                    publishOverHttp(cluster.portB, "{\"opType\":\"via.node.b\",\"data\":\"hi\"}");
            assertEquals(202, response.statusCode(), response.body());
            assertEquals("hi", onA.awaitType("push").getString("data"));
        }
    }

    @Test
    void everyProcessOfTheClusterListensOnLoopbackOnly() throws Exception {
        for (ServerProcess process : List.of(cluster.broker, cluster.nodeA, cluster.nodeB)) {
            assertEquals(
                    List.of(),
                    ListeningSockets.beyondLoopback(process.pid()),
                    "listeners beyond loopback of " + process);
            assertFalse(ListeningSockets.of(process.pid()).isEmpty(), "the check sees the listeners of " + process);
        }
    }

    @Test
    void aPushSentThroughStompReachesTheClients() throws Exception {
        try (TestClient onA = client(cluster.portA, null);
                TestClient onB = client(cluster.portB, null)) {
            onA.subscribe("stomp.news");
            onB.subscribe("stomp.news");
            stompSend("longconn.push", "stomp.news", "{\"via\":\"stomp\"}");
            for (TestClient client : List.of(onA, onB)) {
                JsonObject push = client.awaitType("push");
                assertEquals("stomp.news", push.getString("opType"));
                assertEquals("stomp", push.getJsonObject("data").getString("via"));
            }
        }
    }

    @Test
    void clientsStayConnectedWhileTheBrokerRestartsAreToldOfTheGapAndLaterPushesArrive() throws Exception {
        try (TestClient onA = client(cluster.portA, null);
                TestClient onB = client(cluster.portB, null)) {
            onA.subscribe("after.restart");
            onB.subscribe("after.restart");
            cluster.publish(json("after.restart", "{\"ok\":false}"));
            for (TestClient client : List.of(onA, onB)) {
                assertFalse(client.awaitType("push").getJsonObject("data").getBoolean("ok"));
            }

            assertEquals(
                    "{\"status\":\"UP\",\"checks\":{\"serving\":true,\"bus\":\"connected\"}}",
                    awaitReadiness(cluster.portA, 200).body());

            cluster.broker.stop();
            // Without its broker a node serves its sessions (live) but should get no new traffic.
            assertEquals(
                    "{\"status\":\"DOWN\",\"checks\":{\"serving\":true,\"bus\":\"disconnected\"}}",
                    awaitReadiness(cluster.portA, 503).body());
            assertEquals(200, health(cluster.portA, "live").statusCode());
            assertThrows(
                    PushException.class, () -> cluster.publish(json("during.outage", "1")), "publishing fails loudly");
            // Over HTTP: whether node B already noticed or finds out while waiting for the broker's
            // confirmation, the publisher is told to retry.
            HttpResponse<String> refused = publishOverHttp(cluster.portB, "{\"opType\":\"during.outage\",\"data\":1}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("bus_unavailable"), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
            onA.send("ping");
            assertEquals(new TestClient.Text("pong"), onA.next(), "node A still serves its client");

            cluster.broker.start();
            cluster.broker.awaitLog("longconn broker listening", 2);
            cluster.nodeA.awaitLog(CONNECTED, 2);
            cluster.nodeB.awaitLog(CONNECTED, 2);
            awaitReadiness(cluster.portA, 200);
            awaitReadiness(cluster.portB, 200);
            cluster.publish(json("after.restart", "{\"ok\":true}"));
            for (TestClient client : List.of(onA, onB)) {
                // The stand-alone broker keeps nothing across a restart: each node, back, cannot
                // know what it missed and says so before the next push (PROTOCOL.md §14).
                JsonObject gap = ((TestClient.Text) client.next()).json();
                assertEquals("gap", gap.getString("type"), gap.toString());
                assertEquals("none-0", gap.getString("position"));
                assertEquals("after.restart", gap.getJsonArray("opTypes").getString(0));
                JsonObject push = ((TestClient.Text) client.next()).json();
                assertEquals("push", push.getString("type"), push.toString());
                assertTrue(push.getJsonObject("data").getBoolean("ok"));
            }
        }
    }

    @Test
    void aCallOnNodeBIsAnsweredByAJmsServiceAndAMessageReachesItWithItsProperties() throws Exception {
        try (EchoService service = new EchoService(cluster.brokerUrl());
                TestClient onB = client(cluster.portB, null)) {
            JsonObject reply = onB.call("svc.echo", "{\"n\":1}");
            assertEquals(1, reply.getJsonObject("data").getJsonObject("echo").getInt("n"), reply.toString());
            assertEquals(onB.sessionId(), reply.getJsonObject("data").getString("sessionId"));

            JsonObject failed = onB.call("svc.fail", "null").getJsonObject("error");
            assertEquals("not_found", failed.getString("code"));
            assertEquals("nothing here", failed.getString("message"));

            onB.send("{\"type\":\"message\",\"opType\":\"svc.log\",\"data\":{\"line\":\"hi\"}}");
            EchoService.Seen seen = service.nextMessage();
            assertEquals("message", seen.kind());
            assertEquals("svc.log", seen.opType());
            assertEquals(onB.sessionId(), seen.sessionId());
            assertEquals("b", seen.originNode());
            assertEquals("{\"line\":\"hi\"}", seen.body());
        }
    }

    @Test
    void aForwardedCallNobodyAnswersTimesOut() throws Exception {
        try (EchoService service = new EchoService(cluster.brokerUrl());
                TestClient onB = client(cluster.portB, null)) {
            assertEquals(
                    "timeout",
                    onB.call("svc.silent", "null").getJsonObject("error").getString("code"));
        }
    }

    /** A STOMP 1.2 SEND on a bare socket, as a client in any language would do it; waits for the receipt. */
    private static void stompSend(String destination, String opType, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", cluster.brokerPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n\n"));
            assertTrue(readFrame(in).startsWith("CONNECTED"));
            out.write(frame("SEND\ndestination:" + destination + "\nopType:" + opType
                    + "\ncontent-type:application/json\nreceipt:sent\n\n" + body));
            assertTrue(readFrame(in).startsWith("RECEIPT"), "the broker acknowledged the SEND");
            out.write(frame("DISCONNECT\n\n"));
        }
    }

    private static byte[] frame(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, framed, 0, bytes.length);
        return framed; // ends with NUL
    }

    private static String readFrame(InputStream in) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new AssertionError("connection closed by the broker: " + frame);
            }
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8).stripLeading();
    }
}
