package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.client.DisconnectInfo;
import org.longconn.client.LongConnClient;
import org.longconn.client.ReceivedPush;

/**
 * A node goes away: its clients are told to reconnect (4003), the Java client moves to the other
 * node, subscribes there again and keeps receiving its opTypes.
 */
class FailoverIT {

    private static TwoNodeCluster cluster;
    private static URI nodeA;
    private static URI nodeB;

    @BeforeAll
    static void start() throws Exception {
        cluster = TwoNodeCluster.start("failover");
        nodeA = cluster.wsA();
        nodeB = cluster.wsB();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void publish(String opType, String json) {
        cluster.publish(Push.of(opType, new PushPayload.Json(json)));
    }

    @Test
    void whenItsNodeStopsTheClientMovesToTheOtherNodeAndKeepsItsSubscriptions() throws Exception {
        BlockingQueue<DisconnectInfo> disconnects = new LinkedBlockingQueue<>();
        CountDownLatch reconnected = new CountDownLatch(1);
        BlockingQueue<ReceivedPush> news = new LinkedBlockingQueue<>();
        try (LongConnClient client = LongConnClient.builder(List.of(nodeA, nodeB))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .onDisconnect(disconnects::add)
                .onReconnect(reconnected::countDown)
                .build()) {
            client.connect().join();
            assertEquals(nodeA, client.node());
            client.registerListener("fo.news", news::add).join();
            publish("fo.news", "\"before\"");
            assertEquals("\"before\"", news.poll(10, TimeUnit.SECONDS).dataJson());

            cluster.nodeA.stop(); // SIGTERM: node A tells its clients 4003, reconnect
            DisconnectInfo info = disconnects.poll(30, TimeUnit.SECONDS);
            assertEquals(4003, info.code());
            assertTrue(info.willReconnect());
            assertTrue(reconnected.await(30, TimeUnit.SECONDS), "reconnected");
            assertEquals(nodeB, client.node());

            publish("fo.news", "\"after\"");
            ReceivedPush after = news.poll(10, TimeUnit.SECONDS);
            assertEquals("\"after\"", after == null ? null : after.dataJson(), "resubscribed on node B");
        }
    }
}
