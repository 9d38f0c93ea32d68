package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.client.ClientFaults;
import org.longconn.client.LongConnClient;

/**
 * The randomized continuity check of the resume tests: Java clients on one opType lose their
 * connection at random (no close frame) while pushes numbered 0, 1, 2... are published, and come
 * back on whichever node their list gives. Every client must see every number once, in order,
 * and every resume must be recovered.
 */
final class RandomDrops {

    private final String name;
    private final List<List<URI>> nodesPerClient;
    private final int published;
    private final int dropOneIn;

    /**
     * @param name the test's name, for its log lines and messages
     * @param nodesPerClient for each client, the nodes it connects to, in its order of preference
     * @param published how many pushes to publish
     * @param dropOneIn after each push, one client drops with a chance of 1 in this
     */
    RandomDrops(String name, List<List<URI>> nodesPerClient, int published, int dropOneIn) {
        this.name = name;
        this.nodesPerClient = nodesPerClient;
        this.published = published;
        this.dropOneIn = dropOneIn;
    }

    /** Runs it with {@code publisher} on {@code opType} and asserts the outcome. */
    void run(PushPublisher publisher, String opType) throws Exception {
        long seed = System.nanoTime();
        System.out.println(name + " random seed: " + seed);
        Random random = new Random(seed);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<LongConnClient> connected = new ArrayList<>();
        List<ConcurrentLinkedQueue<Integer>> seen = new ArrayList<>();
        int drops = 0;
        try {
            for (List<URI> nodes : nodesPerClient) {
                LongConnClient client = LongConnClient.builder(nodes)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(300))
                        .onRecoveryFailed(failures::add)
                        .build();
                connected.add(client);
                ConcurrentLinkedQueue<Integer> mine = new ConcurrentLinkedQueue<>();
                seen.add(mine);
                client.connect().join();
                client.registerListener(opType, push -> mine.add(Integer.parseInt(push.dataJson())))
                        .join();
            }
            for (int i = 0; i < published; i++) {
                publisher.publish(Push.of(opType, new PushPayload.Json(Integer.toString(i))));
                if (random.nextInt(dropOneIn) == 0) {
                    ClientFaults.dropConnection(connected.get(random.nextInt(connected.size())));
                    drops++;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (ConcurrentLinkedQueue<Integer> mine : seen) {
                while (mine.size() < published && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(20); // polling with a deadline: the count has no event
                }
            }
        } finally {
            connected.forEach(LongConnClient::close);
        }
        System.out.println(
                name + " randomized: " + connected.size() + " clients, " + published + " pushes, " + drops + " drops");
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < published; i++) {
            all.add(i);
        }
        for (int c = 0; c < seen.size(); c++) {
            assertEquals(
                    all, new ArrayList<>(seen.get(c)), "client " + c + " (seed " + seed + ", " + drops + " drops)");
        }
        assertEquals(List.of(), failures, "every resume recovered");
    }
}
