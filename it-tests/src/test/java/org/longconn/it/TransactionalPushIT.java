package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.longconn.it.tx.OrderService;

/**
 * {@code Pusher} inside a JTA transaction (an EJB's container-managed one): a client gets the push
 * of a transaction that commits, never that of one that rolls back.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransactionalPushIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("").addPackage(OrderService.class.getPackage());
    }

    @Test
    void aPushMadeInATransactionGoesOutOnCommitAndNeverOnRollback() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("tx.orders");

            assertEquals(false, order(client, 1, true).getBoolean("committed"), "order 1 rolls back");
            assertEquals(true, order(client, 2, false).getBoolean("committed"), "order 2 commits");

            // Pushes go out in the order they were made: had order 1's gone out, it would come first.
            JsonObject push = client.pollPush("tx.orders", Duration.ofSeconds(10));
            assertNotNull(push, "the committed order's push arrives");
            assertEquals(2, push.getJsonObject("data").getInt("n"), "the rolled-back order's push never does");
        }
    }

    private static JsonObject order(TestClient client, int n, boolean fail) throws InterruptedException {
        JsonObject reply =
                client.call("test.order", "{\"opType\":\"tx.orders\",\"n\":" + n + ",\"fail\":" + fail + "}");
        return reply.getJsonObject("data");
    }
}
