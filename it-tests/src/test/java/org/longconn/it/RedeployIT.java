package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;

/**
 * Undeploy and redeploy the EAR in one running server, connected to a broker: after each undeploy
 * none of our threads nor the Artemis client's are left, and after each deploy clients are served.
 * While the gateway is not deployed, the standby WAR answers {@code /longconn/*} with 503 and
 * {@code Retry-After}: a publisher retrying through a redeploy never sees the server's 404 page.
 * And no thread of the Artemis client outlives the class loader it was made with (the server's
 * log has no "ClassLoader is not in expected state").
 */
class RedeployIT {

    /** Our threads (timer, closers, bridge) and the Artemis client's (global pools, Netty). */
    private static final String[] THREADS = {"longconn-", "activemq-client", "activemq-netty"};

    private static final long SETTLE_NANOS = Duration.ofSeconds(30).toNanos();

    private static final String SECRET = "redeploy-secret";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int brokerPort;
    private static int port;
    private static ServerProcess broker;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        brokerPort = Integer.parseInt(System.getProperty("longconn.it.brokerPort"));
        port = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
        broker = ServerProcess.broker(brokerPort).start();
        broker.awaitLog("longconn broker listening", 1);
        server = ServerProcess.gateway(
                        "redeploy",
                        port,
                        true,
                        "-Dlongconn.brokerUrl=tcp://127.0.0.1:" + brokerPort,
                        "-Dlongconn.nodeId=r",
                        "-Dlongconn.publishSecret=" + SECRET)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.closeAll(server, broker);
    }

    @Test
    void undeployLeavesNoThreadsAndRedeployServesClientsAgain() throws Exception {
        // From the process's start: first no listener, then 503s, never the server's 404 page.
        assertPublishesAreRefusedWithRetryAfterUntilAccepted("the server started");
        for (int cycle = 1; cycle <= 2; cycle++) {
            server.awaitLog("connected to the broker at", cycle);
            server.awaitPage(port, "/longconn/");
            assertServesAPush("cycle" + cycle);
            assertTrue(server.threadsNamed(THREADS) > 0, "while deployed, the bridge's threads run");

            server.command("undeploy longconn");
            server.awaitLog("longconn gateway stopped", cycle);
            awaitNoThreads(cycle);
            assertStandbyAnswers();

            server.command("deploy " + System.getProperty("longconn.ear"));
            assertPublishesAreRefusedWithRetryAfterUntilAccepted("deploy " + cycle + " ran");
        }
        server.awaitLog("connected to the broker at", 3);
        server.awaitPage(port, "/longconn/");
        assertServesAPush("after.redeploys");
        assertFalse(
                server.log().contains("ClassLoader is not in expected state"),
                "a thread ran on with an undeployed application's class loader:\n" + server.log());
    }

    /** Both bodies of the standby: the publish API's error object, and an error frame elsewhere. */
    private static void assertStandbyAnswers() throws Exception {
        HttpResponse<String> publish = publish();
        assertEquals(503, publish.statusCode(), publish.body());
        assertEquals("2", publish.headers().firstValue("Retry-After").orElse(null));
        assertEquals("node_unavailable", json(publish).getString("error"));
        assertEquals(503, json(publish).getInt("status"));

        HttpResponse<String> poll = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/poll?sub=x&wait=0"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, poll.statusCode(), poll.body());
        assertEquals("2", poll.headers().firstValue("Retry-After").orElse(null));
        assertEquals("error", json(poll).getString("type"));
        assertEquals("node_unavailable", json(poll).getString("code"));
    }

    /**
     * Publishes as a client that retries would, until a push is accepted: every answer on the way
     * is a refused connection (before the server listens) or a 503 with {@code Retry-After} (the
     * standby's, then the gateway's own while it joins the bus), never the server's 404.
     */
    private static void assertPublishesAreRefusedWithRetryAfterUntilAccepted(String since) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<String> refusals = new ArrayList<>();
        while (true) {
            if (System.nanoTime() > deadline) {
                fail("no publish accepted within 120 s after " + since + "; answers: " + refusals);
            }
            HttpResponse<String> answer;
            try {
                answer = publish();
            } catch (ConnectException notListening) {
                refusals.add("connection refused");
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                continue;
            }
            if (answer.statusCode() == 202) {
                break;
            }
            if (answer.statusCode() != 503
                    || answer.headers().firstValue("Retry-After").isEmpty()) {
                fail("after " + since + ", a publish was answered " + answer.statusCode() + " " + answer.body()
                        + " following " + refusals);
            }
            refusals.add(json(answer).getString("error"));
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertTrue(
                refusals.stream()
                        .allMatch(code -> code.equals("connection refused")
                                || code.equals("node_unavailable")
                                || code.equals("bus_unavailable")),
                "refusals after " + since + ": " + refusals);
    }

    private static HttpResponse<String> publish() throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/push"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"opType\":\"redeploy.probe\",\"data\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String base() {
        return "http://127.0.0.1:" + port + "/longconn";
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static void assertServesAPush(String opType) throws Exception {
        try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/longconn/ws"))) {
            client.subscribe(opType);
            try (PushPublisher publisher =
                    new PushPublisher(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort))) {
                publisher.publish(Push.of(opType, new PushPayload.Json("1")));
            }
            assertEquals(opType, client.awaitType("push").getString("opType"));
        }
    }

    /** Threads end shortly after undeploy (pools are shut down, not abandoned); poll with a deadline. */
    private static void awaitNoThreads(int cycle) throws Exception {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        long left;
        while ((left = server.threadsNamed(THREADS)) > 0) {
            if (System.nanoTime() > deadline) {
                fail(left + " of our or Artemis's threads still run 30 s after undeploy " + cycle);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }
}
