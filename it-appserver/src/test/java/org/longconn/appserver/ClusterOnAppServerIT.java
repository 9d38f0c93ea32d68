package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.longconn.client.CallFailedException;
import org.longconn.client.ClientFaults;
import org.longconn.client.LongConnClient;
import org.longconn.client.ReceivedPush;
import org.longconn.it.ListeningSockets;

/**
 * Two servers of the run's kind (GlassFish, Payara or WildFly), each running the built {@code longconn.ear} with its own node id, on one
 * broker; the enterprise service of {@code examples/publisher} deployed beside the gateway on
 * node a. Clients are the project's Java client, outside the servers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterOnAppServerIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final SuitePublisher publisher = new SuitePublisher();
    private final LongConnClient onA =
            LongConnClient.builder(AppServerNode.A.ws()).build();
    private final LongConnClient onB =
            LongConnClient.builder(AppServerNode.B.ws()).build();

    @Deployment(name = "gateway-a", testable = false, order = 1)
    @TargetsContainer("node-a")
    static EnterpriseArchive gatewayOnA() {
        return Deployables.gateway();
    }

    @Deployment(name = "gateway-b", testable = false, order = 1)
    @TargetsContainer("node-b")
    static EnterpriseArchive gatewayOnB() {
        return Deployables.gateway();
    }

    @Deployment(name = "publisher", testable = false, order = 2)
    @TargetsContainer("node-a")
    static EnterpriseArchive serviceOnA() {
        return Deployables.publisher();
    }

    @BeforeEach
    void connect() throws InterruptedException {
        onA.connect().join();
        onB.connect().join();
        publisher.awaitReaching(onA, "ready.a");
        publisher.awaitReaching(onB, "ready.b");
    }

    @AfterEach
    void close() {
        onA.close();
        onB.close();
        publisher.close();
    }

    @Test
    void everyListenerOfTheSuitesProcessesIsOnLoopback() throws Exception {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid()); // the suite's JVM, which runs the broker
        for (AppServerNode node : AppServerNode.values()) {
            pids.add(node.process()
                    .orElseThrow(() -> new AssertionError(node + " runs no server process"))
                    .pid());
        }
        for (long pid : pids) {
            assertFalse(ListeningSockets.of(pid).isEmpty(), "the check sees the listeners of pid " + pid);
            assertEquals(List.of(), ListeningSockets.beyondLoopback(pid), "listeners beyond loopback of pid " + pid);
        }
    }

    /**
     * The write path is chosen as the first session opens, logged, and shown by the gauge
     * {@code longconn_write_path}: frame-once on Tyrus, the portable fallback on the others
     * (WildFly's Undertow), which every other test here then uses.
     */
    @Test
    void eachServerTakesTheWritePathItsContainerAllows() throws Exception {
        String expected = ServerKind.current().writePath();
        for (AppServerNode node : AppServerNode.values()) {
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(node.http("/longconn/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            for (String path : List.of("frame-once", "portable")) {
                String gauge = "longconn_write_path{path=\"" + path + "\"} " + (path.equals(expected) ? "1.0" : "0.0");
                assertTrue(metrics.body().lines().anyMatch(gauge::equals), node + " does not show " + gauge);
            }
        }
    }

    @Test
    void aPushPublishedOnceReachesTheClientsOfBothServersOnce() throws Exception {
        BlockingQueue<ReceivedPush> toA = listen(onA, "news.#");
        BlockingQueue<ReceivedPush> toB = listen(onB, "news.#");

        publisher.publish("news.eu", "{\"n\":1}");
        publisher.publish("news.eu", "{\"n\":2}"); // a duplicate of 1 would arrive before 2

        for (BlockingQueue<ReceivedPush> received : List.of(toA, toB)) {
            assertEquals(1, number(next(received)));
            assertEquals(2, number(next(received)));
        }
    }

    @Test
    void theTimerOfTheServiceDeploymentReachesClientsOnBothServers() throws Exception {
        BlockingQueue<ReceivedPush> toA = listen(onA, "clock.tick");
        BlockingQueue<ReceivedPush> toB = listen(onB, "clock.tick");
        for (BlockingQueue<ReceivedPush> received : List.of(toA, toB)) {
            assertTrue(json(next(received)).getInt("tick") >= 1);
        }
    }

    @Test
    void callsOnEitherServerAreAnsweredByTheServiceThroughTheBroker() {
        for (LongConnClient client : List.of(onA, onB)) {
            JsonObject status = Json.createReader(new StringReader(
                            client.call("orders.status", "42", WAIT).join()))
                    .readObject();
            assertEquals(42, status.getInt("order"));
            assertEquals("shipped", status.getString("status"));

            CompletionException failed = assertThrows(
                    CompletionException.class,
                    () -> client.call("orders.cancel", "42", WAIT).join());
            assertEquals("unknown_operation", ((CallFailedException) failed.getCause()).code());
        }
    }

    @Test
    void aClientThatLosesItsServerGoesOnOnTheOtherFromItsPosition() throws Exception {
        CountDownLatch reconnected = new CountDownLatch(1);
        List<String> unrecovered = new CopyOnWriteArrayList<>();
        // Published while the client is away: it must get it once it resumes on the other server.
        try (LongConnClient moving = LongConnClient.builder(List.of(AppServerNode.A.ws(), AppServerNode.B.ws()))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .onDisconnect(info -> publisher.publish("moves", "{\"n\":2}"))
                .onReconnect(reconnected::countDown)
                .onRecoveryFailed(unrecovered::add)
                .build()) {
            moving.connect().join();
            assertEquals(AppServerNode.A.ws(), moving.node());
            BlockingQueue<ReceivedPush> received = listen(moving, "moves");
            publisher.publish("moves", "{\"n\":1}");
            assertEquals(1, number(next(received)));

            ClientFaults.dropConnection(moving);
            assertTrue(reconnected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "no reconnect within " + WAIT);
            assertEquals(AppServerNode.B.ws(), moving.node());

            publisher.publish("moves", "{\"n\":3}");
            assertEquals(2, number(next(received)));
            assertEquals(3, number(next(received)));
            assertEquals(List.of(), unrecovered);
        }
    }

    private static BlockingQueue<ReceivedPush> listen(LongConnClient client, String opType) {
        BlockingQueue<ReceivedPush> received = new LinkedBlockingQueue<>();
        client.registerListener(opType, received::add).join();
        return received;
    }

    private static ReceivedPush next(BlockingQueue<ReceivedPush> received) throws InterruptedException {
        ReceivedPush push = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (push == null) {
            throw new AssertionError("no push within " + WAIT);
        }
        return push;
    }

    private static JsonObject json(ReceivedPush push) {
        return Json.createReader(new StringReader(push.dataJson())).readObject();
    }

    private static int number(ReceivedPush push) {
        return json(push).getInt("n");
    }
}
