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
 * Undeploy and redeploy {@code longconn.ear} in one running server, and the enterprise service
 * of {@code examples/publisher} beside it in the other: after each undeploy, none of the gateway's
 * threads nor the Artemis client's run in the server, and the broker holds none of their
 * connections; after each deploy, clients are served again. It deploys whatever it checks, so it
 * needs no other class to run before it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployOnAppServerIT {

    /** Our threads (timer, closers, bridge) and the Artemis client's (global pools, Netty). */
    private static final String[] THREADS = {"longconn-", "activemq-client", "activemq-netty"};

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final AppServerNode NODE = AppServerNode.B;

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
        // The server's own threads of these names, if any: WildFly's messaging runs an Artemis
        // client of its own (the same thread names as the one inside the gateway), GlassFish none.
        Set<String> servers = Set.copyOf(threads());
        Supplier<List<String>> ours = () ->
                threads().stream().filter(thread -> !servers.contains(thread)).toList();
        for (int cycle = 1; cycle <= 2; cycle++) {
            // The service's leak check needs one cycle; the gateway's second shows nothing piles up.
            boolean withService = cycle == 1;
            deployer.deploy("gateway");
            if (withService) {
                deployer.deploy("service");
            }
            assertServesAPush("cycle" + cycle);
            assertFalse(ours.get().isEmpty(), "while deployed, the bridge's threads run");
            assertTrue(SuiteBroker.get().connectionCount() > 0, "while deployed, the gateway is connected");

            if (withService) {
                deployer.undeploy("service");
            }
            deployer.undeploy("gateway");
            awaitNone("threads of ours or Artemis's in " + NODE + " after undeploy " + cycle, ours);
            awaitNone(
                    "broker connections of the gateway and the service after undeploy " + cycle,
                    RedeployOnAppServerIT::brokerConnections);
        }
    }

    private static List<String> threads() {
        try {
            return NODE.threadsNamed(THREADS);
        } catch (Exception e) {
            throw new AssertionError("could not count the threads of " + NODE, e);
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
