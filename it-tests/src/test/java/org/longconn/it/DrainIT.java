package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.client.LongConnClient;

/**
 * An operator drains node b under traffic: node b turns unready and refuses new sessions, tells
 * its clients to go over its drain window, and every client ends on node a, resumed from its
 * positions, with every push exactly once and in order.
 */
class DrainIT {

    private static final int CLIENTS = 10;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster =
                TwoNodeCluster.start("drain", "-Dlongconn.drainWindowMs=2000", "-Dlongconn.drainReconnectDelayMs=200");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyClientOfADrainedNodeEndsOnTheOtherWithEveryPushOnceAndInOrder() throws Exception {
        URI nodeA = cluster.wsA();
        URI nodeB = cluster.wsB();
        List<LongConnClient> clients = new ArrayList<>();
        List<List<Integer>> received = new ArrayList<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            try (PushPublisher out = cluster.publisher()) {
                while (publishing.get()) {
                    out.publish(Push.of("drain.news", new PushPayload.Json(Integer.toString(published.get()))));
                    published.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
        });
        try {
            for (int i = 0; i < CLIENTS; i++) {
                List<Integer> values = new CopyOnWriteArrayList<>();
                LongConnClient client = LongConnClient.builder(List.of(nodeB, nodeA))
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                        .build();
                clients.add(client);
                received.add(values);
                client.connect().join();
                client.registerListener("drain.news", push -> values.add(Integer.parseInt(push.dataJson())))
                        .join();
                assertEquals(nodeB, client.node());
            }
            awaitTrue(
                    "node a lists node b",
                    () -> TwoNodeCluster.admin(cluster.portA, "/nodes", null, TwoNodeCluster.ADMIN_SECRET)
                            .body()
                            .contains("\"id\":\"b\""));
            publisher.start();
            awaitTrue("pushes flowing to every client", () -> received.stream().allMatch(v -> v.size() >= 20));

            HttpResponse<String> drained =
                    TwoNodeCluster.admin(cluster.portA, "/drain", "{\"node\":\"b\"}", TwoNodeCluster.ADMIN_SECRET);
            assertEquals(200, drained.statusCode(), drained.body());
            JsonObject outcome =
                    Json.createReader(new StringReader(drained.body())).readObject();
            assertEquals(CLIENTS, outcome.getJsonObject("byNode").getInt("b"), drained.body());
            assertEquals(0, outcome.getJsonObject("byNode").getInt("a"), drained.body());

            // Node b is out of rotation at once: unready, and a new session is refused with 503.
            assertEquals(503, http(cluster.portB, "/longconn/health/ready").statusCode());
            try {
                HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(nodeB, new WebSocket.Listener() {})
                        .join()
                        .abort();
                fail("a drained node took a new session");
            } catch (CompletionException e) {
                WebSocketHandshakeException refused = (WebSocketHandshakeException) e.getCause();
                assertEquals(503, refused.getResponse().statusCode());
            }

            awaitTrue("every client on node a", () -> clients.stream().allMatch(c -> nodeA.equals(c.node())));
            int after = published.get();
            awaitTrue("pushes flowing on node a", () -> published.get() > after + 50);
        } finally {
            publishing.set(false);
            publisher.join(TimeUnit.SECONDS.toMillis(30));
        }
        int total = published.get();
        awaitTrue(
                "every client has every push (" + total + ")",
                () -> received.stream().allMatch(values -> values.size() >= total));
        List<Integer> all = IntStream.range(0, total).boxed().toList();
        for (int i = 0; i < CLIENTS; i++) {
            // Each subscribed before the first push: it has all of them, once each, in order.
            assertEquals(all, received.get(i), "client " + i);
        }
        clients.forEach(LongConnClient::close);
    }

    private static HttpResponse<String> http(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** A check that may throw (an HTTP request): a failure counts as not yet. */
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!holdsNow(condition)) {
            if (System.nanoTime() > deadline) {
                fail("not within 60 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static boolean holdsNow(Check condition) throws InterruptedException {
        try {
            return condition.holds();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return false;
        }
    }
}
