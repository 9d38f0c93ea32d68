package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built EAR as {@code ./run.sh} runs it: the runnable GlassFish jar in its own JVM, so nothing
 * from the test class path can hide a missing piece of the EAR. No broker: the in-memory bus.
 */
class StandaloneEarIT {

    private static ServerProcess server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        port = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
        server = ServerProcess.gateway("standalone", port).start();
        server.awaitPage(port, "/longconn/");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theEarServesTheProtocolAndTellsClientsToReconnectWhenStopped() throws Exception {
        assertTrue(server.log().contains("longconn bus: in-memory"), "says once that it runs alone");
        try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/longconn/ws"))) {
            JsonObject answer = client.subscribeRaw("order.#", "bad..name");
            assertTrue(answer.getJsonArray("results").getJsonObject(0).getBoolean("ok"));
            assertEquals(
                    "invalid_op_type",
                    answer.getJsonArray("results").getJsonObject(1).getString("code"));
            assertEquals(
                    "no_handler",
                    client.call("nobody.home", "{}").getJsonObject("error").getString("code"));
            client.send("ping");
            assertEquals(new TestClient.Text("pong"), client.next());

            server.process().destroy(); // SIGTERM, as Ctrl-C in run.sh forwards it
            JsonObject disconnect = client.awaitType("disconnect");
            assertEquals(4003, disconnect.getInt("code"));
            assertTrue(disconnect.getBoolean("reconnect"));
            assertEquals(4003, client.awaitClose(null).code());
            assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "the server stops after SIGTERM");
        }
    }
}
