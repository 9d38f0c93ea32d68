package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.longconn.client.LongConnClient;
import org.longconn.client.ReceivedPush;

/**
 * Deploy and undeploy {@code longconn.ear} twice in one running server (so it is redeployed
 * once), and the enterprise service of {@code examples/publisher} once in the other: after each
 * undeploy, none of the deployment's threads nor its Artemis client's run in its server, and the
 * broker holds none of their connections; after each deploy, clients are served. It deploys
 * whatever it checks, so it needs no other class to run before it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployOnAppServerIT {

    /** Our threads (timer, closers, bridge) and the Artemis client's (global pools, Netty). */
    private static final String[] THREADS = {"longconn-", "activemq-client", "activemq-netty"};

    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** The gateway's server, and the service's. */
    private static final AppServerNode NODE = AppServerNode.B;

    private static final AppServerNode SERVICE_NODE = AppServerNode.A;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "gateway", testable = false, managed = false)
    @TargetsContainer("node-b")
    static EnterpriseArchive gateway() {
        return Deployables.gateway();
    }

    @Deployment(name = "service", testable = false, managed = false)
    @TargetsContainer("node-a")
    static EnterpriseArchive service() {
        return Deployables.publisher();
    }

    @Test
    void undeployLeavesNoThreadsNorBrokerConnectionsAndRedeployServesClientsAgain() throws Exception {
        // Nothing is deployed on either server between test classes, whichever ran before.
        awaitNone("broker connections before the first deploy", RedeployOnAppServerIT::brokerConnections);
        Supplier<List<String>> gatewayThreads = left(NODE);
        // On WildFly the service consumes through the server's own Artemis client (its pooled
        // connection factory), whose threads grow by the same names: only its connections tell.
        boolean countServiceThreads = !ServerKind.current().runsArtemisClient();
        Supplier<List<String>> serviceThreads = countServiceThreads ? left(SERVICE_NODE) : List::of;
        for (int cycle = 1; cycle <= 2; cycle++) {
            // The service's leak check needs one cycle; the gateway's second shows nothing piles up.
            boolean withService = cycle == 1;
            deployer.deploy("gateway");
            if (withService) {
                deployer.deploy("service");
            }
            assertServesAPush("cycle" + cycle);
            assertFalse(gatewayThreads.get().isEmpty(), "while deployed, the bridge's threads run");
            if (withService && countServiceThreads) {
                assertFalse(serviceThreads.get().isEmpty(), "while deployed, the service's client threads run");
            }
            assertTrue(SuiteBroker.get().connectionCount() > 0, "while deployed, the gateway is connected");

            if (withService) {
                deployer.undeploy("service");
                awaitNone(
                        "threads of the service's Artemis client in " + SERVICE_NODE + " after its undeploy",
                        serviceThreads);
            }
            deployer.undeploy("gateway");
            awaitNone("threads of ours or Artemis's in " + NODE + " after undeploy " + cycle, gatewayThreads);
            awaitNone(
                    "broker connections of the gateway and the service after undeploy " + cycle,
                    RedeployOnAppServerIT::brokerConnections);
        }
    }

    /**
     * The threads of {@link #THREADS}' names in {@code node} that are not the server's own, as the
     * deployments made here leave them. The server's own are those running before the first
     * deploy: WildFly's messaging runs an Artemis client of its own, with the same thread names as
     * the one inside the gateway; GlassFish none. Threads of ours ({@code longconn-}) are never the
     * server's: whatever an earlier class left of them must end first, before the snapshot.
     */
    private static Supplier<List<String>> left(AppServerNode node) throws InterruptedException {
        awaitNone(
                "threads of ours in " + node + " before the first deploy",
                () -> threads(node).stream()
                        .filter(thread -> thread.startsWith("longconn-"))
                        .toList());
        Set<String> servers = Set.copyOf(threads(node));
        return () -> threads(node).stream()
                .filter(thread -> !servers.contains(thread))
                .toList();
    }

    private static List<String> threads(AppServerNode node) {
        try {
            return node.threadsNamed(THREADS);
        } catch (Exception e) {
            throw new AssertionError("could not count the threads of " + node, e);
        }
    }

    private static List<String> brokerConnections() {
        return Collections.nCopies(SuiteBroker.get().connectionCount(), "connection");
    }

    private static void assertServesAPush(String opType) throws Exception {
        try (SuitePublisher publisher = new SuitePublisher();
                LongConnClient client = LongConnClient.builder(NODE.ws()).build()) {
            client.connect().join();
            publisher.awaitReaching(client, "ready." + opType);
            BlockingQueue<ReceivedPush> received = new LinkedBlockingQueue<>();
            client.registerListener(opType, received::add).join();
            publisher.publish(opType, "1");
            ReceivedPush push = received.poll(15, TimeUnit.SECONDS);
            assertEquals(opType, push == null ? null : push.opType());
        }
    }

    /** Threads end and connections close shortly after undeploy; poll with a deadline. */
    private static void awaitNone(String what, Supplier<List<String>> left) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> still;
        while (!(still = left.get()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail(still.size() + " " + what + " (still, " + SETTLE.toSeconds() + " s later): " + still);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }
}
