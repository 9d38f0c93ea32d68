package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway EAR and an enterprise service in a deployment of its own (examples/publisher-app), in
 * one server, connected only through the broker: the service's EJB timer publishes pushes that
 * the gateway's clients receive, and its message-driven bean (on Artemis's resource adapter) answers the calls the gateway forwards.
 */
class EnterpriseIT {

    private static int port;
    private static ServerProcess broker;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        int brokerPort = Integer.parseInt(System.getProperty("longconn.it.brokerPort"));
        port = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
        broker = ServerProcess.broker(brokerPort).start();
        broker.awaitLog("longconn broker listening", 1);
        server = ServerProcess.applications(
                        "enterprise",
                        List.of(
                                System.getProperty("longconn.ear"),
                                "deploy " + System.getProperty("longconn.examplePublisherEar")),
                        port,
                        false,
                        "-Dlongconn.brokerUrl=tcp://127.0.0.1:" + brokerPort,
                        "-Dlongconn.nodeId=gw",
                        "-Dlongconn.remoteOpTypes=orders.#")
                .start();
        server.awaitLog("connected to the broker at", 1);
        server.awaitLog("publisher was successfully deployed", 1);
        server.awaitPage(port, "/longconn/");
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.closeAll(server, broker);
    }

    @Test
    void anEjbTimerInAnotherDeploymentPublishesPushesThatClientsReceive() throws Exception {
        try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/longconn/ws"))) {
            client.subscribe("clock.tick");
            JsonObject push = client.awaitType("push");
            assertEquals("clock.tick", push.getString("opType"));
            assertTrue(push.getJsonObject("data").getInt("tick") >= 1);
        }
    }

    @Test
    void aForwardedCallIsAnsweredByTheServiceInTheOtherDeployment() throws Exception {
        try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/longconn/ws"))) {
            JsonObject reply = client.call("orders.status", "42");
            assertEquals("shipped", reply.getJsonObject("data").getString("status"), reply.toString());
            assertEquals(42, reply.getJsonObject("data").getInt("order"));
            JsonObject unknown = client.call("orders.cancel", "42").getJsonObject("error");
            assertEquals("unknown_operation", unknown.getString("code"));
        }
    }
}
