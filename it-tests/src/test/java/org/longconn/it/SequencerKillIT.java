package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;

/**
 * A crash of the node that sequences the cluster's pushes (SIGKILL: its broker connection is not
 * closed, its socket simply goes): the other node takes over within seconds, not after the
 * broker's connection TTL, and goes on in the same epoch, so positions stay continuous.
 */
class SequencerKillIT {

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        // Node a connects first: it holds the exclusive sequencer subscription.
        cluster = TwoNodeCluster.start("seqkill");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void whenTheSequencingNodeCrashesTheOtherGoesOnWithinSecondsInTheSameEpoch() throws Exception {
        cluster.publish(Push.of("kill.warmup", new PushPayload.Json("0")));
        // The node that stamped it logs that it now sequences; the other stands by.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!sequences(cluster.nodeA) && !sequences(cluster.nodeB)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no node logged that it sequences the pushes within 30 s");
            }
            LockSupport.parkNanos(50_000_000L); // polling with a deadline: the log has no event to wait on
        }
        boolean aSequences = sequences(cluster.nodeA);
        ServerProcess sequencer = aSequences ? cluster.nodeA : cluster.nodeB;
        try (TestClient survivor = TestClient.connect(aSequences ? cluster.wsB() : cluster.wsA())) {
            survivor.subscribe("kill.news");
            cluster.publish(Push.of("kill.news", new PushPayload.Json("1")));
            Position before = Position.parse(survivor.awaitType("push").getString("pos"));

            sequencer.kill();
            long killedAt = System.nanoTime();
            cluster.publish(Push.of("kill.news", new PushPayload.Json("2")));
            // 20 s: well under the broker's default connection TTL (60 s) that held the
            // subscription before, and over the 15 s the nodes ask for a peer that vanished.
            JsonObject after = survivor.pollPush("kill.news", Duration.ofSeconds(20));
            assertNotNull(after, "the other node took over the sequence within 20 s of the crash");
            System.out.println("SequencerKillIT: the next push arrived "
                    + Duration.ofNanos(System.nanoTime() - killedAt).toMillis() + " ms after the kill");
            assertEquals(new Position(before.epoch(), before.seq() + 1), Position.parse(after.getString("pos")));
        }
    }

    private static boolean sequences(ServerProcess node) throws Exception {
        return node.log().contains("now sequences the pushes");
    }
}
