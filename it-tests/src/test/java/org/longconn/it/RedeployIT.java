package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
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
 */
class RedeployIT {

    /** Our threads (timer, closers, bridge) and the Artemis client's (global pools, Netty). */
    private static final String[] THREADS = {"longconn-", "activemq-client", "activemq-netty"};

    private static final long SETTLE_NANOS = Duration.ofSeconds(30).toNanos();

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
                        "-Dlongconn.nodeId=r")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.closeAll(server, broker);
    }

    @Test
    void undeployLeavesNoThreadsAndRedeployServesClientsAgain() throws Exception {
        for (int cycle = 1; cycle <= 2; cycle++) {
            server.awaitLog("connected to the broker at", cycle);
            server.awaitPage(port, "/longconn/");
            assertServesAPush("cycle" + cycle);
            assertTrue(server.threadsNamed(THREADS) > 0, "while deployed, the bridge's threads run");

            server.command("undeploy longconn");
            server.awaitLog("longconn gateway stopped", cycle);
            awaitNoThreads(cycle);

            server.command("deploy " + System.getProperty("longconn.ear"));
        }
        server.awaitLog("connected to the broker at", 3);
        server.awaitPage(port, "/longconn/");
        assertServesAPush("after.redeploys");
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
