package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.client.LongConnClient;
import org.longconn.standalone.LoopbackBroker;

/**
 * The README's "Deploying on an application server" steps, literally, on the run's server kind
 * ({@link ReadmeSteps}: {@code asadmin} on GlassFish and Payara, {@code standalone.sh} and
 * {@code jboss-cli.sh} on WildFly): start the server, set the broker, deploy the standby WAR and
 * the EAR, serve clients, undeploy (then the standby answers 503), stop. The server is named
 * {@code readme}: the stock configuration, on loopback and free ports.
 */
class AppServerIT {

    private static final String NODE = "readme";

    private static ReadmeSteps server;
    private static LoopbackBroker broker;

    @BeforeAll
    static void startServer() throws Exception {
        broker = LoopbackBroker.start(SuitePorts.port(NODE, "broker"), List.of());
        server = ServerKind.current().readme(NODE);
        server.start();
        server.configure(broker.url(), "appserver");
        server.deployStandby(Path.of(System.getProperty("longconn.standbyWar")));
        server.deployGateway(Path.of(System.getProperty("longconn.ear")));
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            if (server != null) {
                try {
                    server.undeployStandby();
                } finally {
                    server.stop();
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void theEarDeployedAsTheReadmeSaysServesClientsAndPushesFromTheBrokerAndTheStandbyAnswersOnceItIsUndeployed()
            throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + SuitePorts.port(NODE, "http") + "/longconn/ws");
        try (LongConnClient client = LongConnClient.builder(ws).build();
                SuitePublisher publisher = new SuitePublisher(broker.url())) {
            client.connect().join();
            // The node subscribes as the application starts: publishes until a push gets through.
            publisher.awaitReaching(client, "appserver.news");
        }
        server.undeployGateway();
        // Without the gateway, the standby at the root context answers for /longconn/*.
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + SuitePorts.port(NODE, "http") + "/longconn/api/push"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"opType\":\"x\",\"data\":1}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.body().contains("\"error\":\"node_unavailable\""), refused.body());
    }
}
