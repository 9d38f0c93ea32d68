package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.client.LongConnClient;
import org.longconn.standalone.LoopbackBroker;

/**
 * The README's "Deploying on an application server" steps, literally, with asadmin on the full
 * GlassFish distribution: start-domain, create-system-properties (the broker), deploy the standby
 * WAR and the EAR, serve clients, undeploy (then the standby answers 503), stop-domain. The domain is a {@link LoopbackDomain} named
 * {@code readme} (the README's {@code domain1} on loopback and free ports).
 */
class AppServerIT {

    private static final String DOMAIN = "readme";

    private static Path home;
    private static LoopbackBroker broker;

    @BeforeAll
    static void startDomain() throws Exception {
        home = Path.of(System.getProperty("longconn.it.glassfishHome"));
        broker = LoopbackBroker.start(LoopbackDomain.port(DOMAIN, "broker"), List.of());
        LoopbackDomain.create(home, DOMAIN, Map.of());
        asadmin("start-domain", DOMAIN);
        asadmin(
                "create-system-properties",
                "longconn.brokerUrl=" + broker.url().replace(":", "\\:") + ":longconn.nodeId=appserver");
        asadmin(
                "deploy",
                "--contextroot",
                "/",
                "--name",
                "longconn-standby",
                System.getProperty("longconn.standbyWar"));
        asadmin("deploy", System.getProperty("longconn.ear"));
    }

    @AfterAll
    static void stopDomain() throws Exception {
        try {
            asadmin("undeploy", "longconn-standby");
        } finally {
            try {
                asadmin("stop-domain", DOMAIN);
            } finally {
                if (broker != null) {
                    broker.close();
                }
            }
        }
    }

    private static void asadmin(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/asadmin").toString(),
                "--port",
                Integer.toString(LoopbackDomain.port(DOMAIN, "admin"))));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("asadmin " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }

    @Test
    void theEarDeployedWithAsadminServesClientsAndPushesFromTheBrokerAndTheStandbyAnswersOnceItIsUndeployed()
            throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + LoopbackDomain.port(DOMAIN, "http") + "/longconn/ws");
        try (LongConnClient client = LongConnClient.builder(ws).build();
                SuitePublisher publisher = new SuitePublisher(broker.url())) {
            client.connect().join();
            // The node subscribes as the application starts: publishes until a push gets through.
            publisher.awaitReaching(client, "appserver.news");
        }
        asadmin("undeploy", "longconn");
        // Without the gateway, the standby at the root context answers for /longconn/*.
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LoopbackDomain.port(DOMAIN, "http")
                                        + "/longconn/api/push"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"opType\":\"x\",\"data\":1}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.body().contains("\"error\":\"node_unavailable\""), refused.body());
    }
}
