package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.client.ClientFaults;
import org.longconn.client.LongConnClient;
import org.longconn.client.ReceivedPush;

/**
 * Continuity across drops: two gateway nodes (the EAR, each in its own JVM) on one broker, pushes
 * published from outside over JMS, clients that lose their connection without a close frame and
 * come back on the same or the other node with their positions. Every client must see every push
 * once, in order; a position the nodes cannot vouch for is answered {@code recovered: false}.
 */
class ResumeIT {

    private static TwoNodeCluster cluster;
    private static URI nodeA;
    private static URI nodeB;

    @BeforeAll
    static void start() throws Exception {
        cluster = TwoNodeCluster.start("resume");
        nodeA = cluster.wsA();
        nodeB = cluster.wsB();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static PushPublisher publisher() {
        return cluster.publisher();
    }

    private static LongConnClient client(List<URI> nodes, List<String> recoveryFailures) {
        return LongConnClient.builder(nodes)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(300))
                .onRecoveryFailed(recoveryFailures::add)
                .build();
    }

    /** Takes pushes until {@code count} arrived, failing after 30 s without one. */
    private static List<Integer> take(BlockingQueue<ReceivedPush> pushes, int count) throws InterruptedException {
        List<Integer> seen = new ArrayList<>();
        while (seen.size() < count) {
            ReceivedPush push = pushes.poll(30, TimeUnit.SECONDS);
            if (push == null) {
                fail("only " + seen.size() + " of " + count + " pushes arrived: " + seen);
            }
            seen.add(Integer.parseInt(push.dataJson()));
        }
        return seen;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    @Test
    void aClientThatDropsGetsWhatItMissedOnceAndInOrderFromTheOtherNode() throws Exception {
        List<String> failures = new ArrayList<>();
        BlockingQueue<ReceivedPush> pushes = new LinkedBlockingQueue<>();
        try (LongConnClient client = client(List.of(nodeA, nodeB), failures);
                PushPublisher publisher = publisher()) {
            client.connect().join();
            assertEquals(nodeA, client.node());
            client.registerListener("resume.news", pushes::add).join();
            for (int i = 0; i < 10; i++) {
                publisher.publish(Push.of("resume.news", new PushPayload.Json(Integer.toString(i))));
            }
            assertEquals(range(0, 10), take(pushes, 10));

            ClientFaults.dropConnection(client); // no close frame; the client's next attempt goes to node B
            for (int i = 10; i < 30; i++) {
                publisher.publish(Push.of("resume.news", new PushPayload.Json(Integer.toString(i))));
            }
            assertEquals(range(10, 30), take(pushes, 20), "the missed pushes, replayed, then live ones");
            assertEquals(nodeB, client.node());
            publisher.publish(Push.of("resume.news", new PushPayload.Json("30")));
            assertEquals(List.of(30), take(pushes, 1));
            assertTrue(pushes.isEmpty(), "no duplicates: " + pushes);
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void aPositionTheNodesCannotVouchForIsAnsweredRecoveredFalseThenLivePushesFlow() throws Exception {
        try (TestClient client = TestClient.connect(nodeB);
                PushPublisher publisher = publisher()) {
            client.send("{\"type\":\"subscribe\",\"id\":\"r1\",\"opTypes\":[\"resume.bogus\"],"
                    + "\"positions\":{\"resume.bogus\":\"noSuchEpoch-12\"}}");
            JsonObject result =
                    client.awaitType("subscribed").getJsonArray("results").getJsonObject(0);
            assertTrue(result.getBoolean("ok"));
            assertFalse(result.getBoolean("recovered"));
            publisher.publish(Push.of("resume.bogus", new PushPayload.Json("\"live\"")));
            JsonObject push = client.awaitType("push");
            assertEquals("\"live\"", push.get("data").toString());
            assertTrue(push.getString("pos").matches("[a-z0-9]+-[0-9]+"), push.toString());
        }
    }

    /**
     * Randomized: an outside service publishes while clients drop at random moments and come back
     * on either node; each must end with exactly the published sequence. The seed is printed so
     * that a failure can be replayed.
     */
    @Test
    void randomDropsAcrossTwoNodesLoseNothingDuplicateNothingAndKeepOrder() throws Exception {
        List<List<URI>> nodes =
                List.of(List.of(nodeA, nodeB), List.of(nodeB, nodeA), List.of(nodeA, nodeB), List.of(nodeB, nodeA));
        try (PushPublisher publisher = publisher()) {
            new RandomDrops("ResumeIT", nodes, 600, 25).run(publisher, "resume.random");
        }
    }

    /**
     * Polling is stateless: a client polls node a, then goes on from the same position on node b
     * (no sticky sessions), and a long-poll on either node is woken by a push published from outside.
     */
    @Test
    void pollsAreAnsweredByEitherNodeFromTheSamePositions() throws Exception {
        HttpPoller a = HttpPoller.at(cluster.portA);
        HttpPoller b = HttpPoller.at(cluster.portB);
        cluster.publish(Push.of("poll.any", new PushPayload.Json("0")));
        // Both nodes have the push once they report the same position (a deadline, not a sleep).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String from;
        do {
            from = a.poll(0, "poll.any").position(0);
        } while ((from.startsWith("none") || !from.equals(b.poll(0, "poll.any").position(0)))
                && System.nanoTime() < deadline);
        assertFalse(from.startsWith("none"), "the push reached node a");

        cluster.publish(
                Push.of("poll.any", new PushPayload.Json("1")),
                Push.of("poll.other", new PushPayload.Json("-1")),
                Push.of("poll.any", new PushPayload.Json("2")),
                Push.of("poll.any", new PushPayload.Json("3")));
        List<Integer> seen = new ArrayList<>();
        String position = from;
        while (seen.size() < 3) {
            HttpPoller.Answer answer = b.poll(25_000, HttpPoller.sub("poll.any", position));
            assertTrue(
                    answer.result(0).getBoolean("recovered"),
                    () -> "node b vouches for node a's position: " + answer.body());
            answer.pushes()
                    .forEach(push -> seen.add(Integer.parseInt(push.get("data").toString())));
            position = answer.position(0);
        }
        assertEquals(List.of(1, 2, 3), seen, "on node b, every push after node a's position, once, in order");

        CompletableFuture<HttpPoller.Answer> waiting = a.pollAsync(25_000, null, HttpPoller.sub("poll.any", position));
        cluster.publish(Push.of("poll.any", new PushPayload.Json("4")));
        HttpPoller.Answer woken = waiting.get(20, TimeUnit.SECONDS);
        assertEquals(
                List.of("4"),
                woken.pushes().stream().map(push -> push.get("data").toString()).toList(),
                "back on node a, from node b's position");
    }
}
