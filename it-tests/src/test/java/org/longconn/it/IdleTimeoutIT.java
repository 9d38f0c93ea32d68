package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A silent session is closed after the idle timeout it was told in welcome. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IdleTimeoutIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("idleTimeoutMs=1500\nheartbeatIntervalMs=500\n");
    }

    @Test
    void aSilentSessionGetsADisconnectFrameThenCloseCode4002() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            assertEquals(1500, client.welcome.getInt("idleTimeoutMs"));
            assertEquals(500, client.welcome.getInt("heartbeatIntervalMs"));
            long start = System.nanoTime();
            JsonObject disconnect = client.awaitType("disconnect");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(4002, disconnect.getInt("code"));
            assertTrue(disconnect.getBoolean("reconnect"));
            assertEquals(4002, client.awaitClose(null).code());
            assertTrue(waitedMs >= 1400, "closed after " + waitedMs + " ms, before the idle timeout");
        }
    }
}
