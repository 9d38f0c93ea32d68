package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;

/**
 * Two Artemis brokers in a cluster (a static cluster connection between them) with one gateway
 * node on each, both naming broker 1 as the one that holds the sequence ({@code sequencerUrl}):
 * pushes published on either broker reach the clients of both nodes, once each, with the same
 * positions, so that a client resumes on either node from a position given by the other.
 */
class BrokerClusterIT {

    private static int broker1Port;
    private static int broker2Port;
    private static int portA;
    private static int portB;
    private static ServerProcess broker1;
    private static ServerProcess broker2;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;

    @BeforeAll
    static void startClusters() throws Exception {
        broker1Port = Integer.parseInt(System.getProperty("longconn.it.brokerPort"));
        broker2Port = Integer.parseInt(System.getProperty("longconn.it.broker2Port"));
        portA = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
        portB = Integer.parseInt(System.getProperty("longconn.it.nodeBPort"));
        broker1 = ServerProcess.broker(broker1Port, broker2Port).start();
        broker2 = ServerProcess.broker(broker2Port, broker1Port).start();
        broker1.awaitLog("longconn broker listening", 1);
        broker2.awaitLog("longconn broker listening", 1);
        nodeA = ServerProcess.gateway(
                        "cluster-node-a",
                        portA,
                        "-Dlongconn.brokerUrl=tcp://127.0.0.1:" + broker1Port,
                        "-Dlongconn.sequencerUrl=tcp://127.0.0.1:" + broker1Port,
                        "-Dlongconn.nodeId=a")
                .start();
        nodeB = ServerProcess.gateway(
                        "cluster-node-b",
                        portB,
                        "-Dlongconn.brokerUrl=tcp://127.0.0.1:" + broker2Port,
                        "-Dlongconn.sequencerUrl=tcp://127.0.0.1:" + broker1Port,
                        "-Dlongconn.nodeId=b")
                .start();
        // Connected to the broker happens as the application starts; serving upgrades comes after.
        nodeA.awaitLog("connected to the broker at", 1);
        nodeB.awaitLog("connected to the broker at", 1);
        nodeA.awaitPage(portA, "/longconn/");
        nodeB.awaitPage(portB, "/longconn/");
    }

    @AfterAll
    static void stopClusters() throws Exception {
        ServerProcess.closeAll(nodeA, nodeB, broker1, broker2);
    }

    private static void publish(int brokerPort, String opType, String json) {
        try (PushPublisher publisher =
                new PushPublisher(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort))) {
            publisher.publish(Push.of(opType, new PushPayload.Json(json)));
        }
    }

    /**
     * Publishes probes on {@code brokerPort} until {@code client} sees one: the brokers need a moment
     * to form the cluster and to learn where the other's subscriptions are.
     */
    private static void awaitClusterRoute(int brokerPort, TestClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            publish(brokerPort, "probe", "null");
            if (client.pollPush("probe", Duration.ofMillis(500)) != null) {
                return;
            }
        }
        fail("no route from broker " + brokerPort + " to the other node's subscription within 60 s");
    }

    @Test
    void pushesPublishedOnEitherBrokerReachTheClientsOfBothNodesOnceEach() throws Exception {
        try (TestClient onA = TestClient.connect(URI.create("ws://127.0.0.1:" + portA + "/longconn/ws"));
                TestClient onB = TestClient.connect(URI.create("ws://127.0.0.1:" + portB + "/longconn/ws"))) {
            for (TestClient client : List.of(onA, onB)) {
                client.subscribe("probe", "cluster.news", "marker");
            }
            awaitClusterRoute(broker1Port, onB);
            awaitClusterRoute(broker2Port, onA);

            publish(broker1Port, "cluster.news", "{\"from\":1}");
            publish(broker2Port, "cluster.news", "{\"from\":2}");
            publish(broker1Port, "marker", "null");
            publish(broker2Port, "marker", "null");

            for (TestClient client : List.of(onA, onB)) {
                List<Integer> from = new java.util.ArrayList<>();
                int markers = 0;
                while (markers < 2) {
                    JsonObject push = client.awaitType("push");
                    switch (push.getString("opType")) {
                        case "cluster.news" ->
                            from.add(push.getJsonObject("data").getInt("from"));
                        case "marker" -> markers++;
                        default -> {} // late probes
                    }
                }
                from.sort(null);
                assertEquals(List.of(1, 2), from, "each push once, from either broker");
            }
        }
    }

    /**
     * Clients that drop at random and come back on the node of the other broker, while pushes are
     * published on broker 2 (the one without the sequence): every client sees every push once, in
     * order, and every resume is recovered.
     */
    @Test
    void randomDropsAcrossTheTwoBrokersLoseNothingDuplicateNothingAndEveryResumeRecovers() throws Exception {
        URI onA = URI.create("ws://127.0.0.1:" + portA + "/longconn/ws");
        URI onB = URI.create("ws://127.0.0.1:" + portB + "/longconn/ws");
        try (TestClient probeA = TestClient.connect(onA);
                TestClient probeB = TestClient.connect(onB)) {
            probeA.subscribe("probe");
            probeB.subscribe("probe");
            awaitClusterRoute(broker2Port, probeA);
            awaitClusterRoute(broker2Port, probeB);
        }
        // Each client alternates between the nodes: every reconnect crosses brokers.
        List<List<URI>> nodes = List.of(List.of(onA, onB), List.of(onB, onA), List.of(onA, onB), List.of(onB, onA));
        try (PushPublisher publisher =
                new PushPublisher(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + broker2Port))) {
            new RandomDrops("BrokerClusterIT", nodes, 500, 20).run(publisher, "cluster.random");
        }
    }
}
