package org.longconn.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;

/**
 * The README's "Deploying on an application server" steps on the full GlassFish distribution:
 * asadmin start-domain, create-system-properties (the broker), deploy the EAR, serve clients,
 * undeploy, stop-domain. The domain is first rebound to 127.0.0.1 on free ports.
 */
class AppServerIT {

    private static Path home;
    private static int http;
    private static int admin;
    private static ServerProcess broker;
    private static int brokerPort;

    @BeforeAll
    static void startDomain() throws Exception {
        home = Path.of(System.getProperty("longconn.it.glassfishHome"));
        http = port("http");
        admin = port("admin");
        brokerPort = Integer.parseInt(System.getProperty("longconn.it.brokerPort"));
        broker = ServerProcess.broker(brokerPort).start();
        broker.awaitLog("longconn broker listening", 1);
        bindToLoopback(home.resolve("glassfish/domains/domain1/config/domain.xml"));
        asadmin("start-domain", "domain1");
        asadmin("create-system-properties", "longconn.brokerUrl=tcp\\://127.0.0.1\\:" + brokerPort
                + ":longconn.nodeId=appserver");
        asadmin("deploy", System.getProperty("longconn.ear"));
    }

    @AfterAll
    static void stopDomain() throws Exception {
        try {
            asadmin("undeploy", "longconn");
        } finally {
            asadmin("stop-domain", "domain1");
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static int port(String name) {
        return Integer.parseInt(System.getProperty("longconn.it.gf." + name));
    }

    /** Every listener of the stock domain on 127.0.0.1 and a free port, before its first start. */
    private static void bindToLoopback(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8)
                .replaceAll("address=\"[0-9.]+\"", "address=\"127.0.0.1\"") // every listener the stock domain binds
                .replace("<network-listener port=\"8080\"", "<network-listener address=\"127.0.0.1\" port=\"" + http + "\"")
                .replace("<network-listener port=\"8181\"", "<network-listener address=\"127.0.0.1\" port=\"" + port("https") + "\"")
                .replace("<network-listener port=\"4848\"", "<network-listener address=\"127.0.0.1\" port=\"" + admin + "\"")
                .replace("port=\"8686\"", "port=\"" + port("jmx") + "\"")
                .replace("port=\"3700\"", "port=\"" + port("iiop") + "\"")
                .replace("port=\"3820\"", "port=\"" + port("iiopSsl") + "\"")
                .replace("port=\"3920\"", "port=\"" + port("iiopMutual") + "\"");
        Files.writeString(domainXml, xml, StandardCharsets.UTF_8);
    }

    private static void asadmin(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString(), "--port", Integer.toString(admin)));
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
    void theEarDeployedWithAsadminServesClientsAndPushesFromTheBroker() throws Exception {
        try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + http + "/longconn/ws"))) {
            client.subscribe("appserver.news");
            try (PushPublisher publisher = new PushPublisher(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort))) {
                // The node subscribes as the application starts; publish until it is there.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    publisher.publish(Push.of("appserver.news", new PushPayload.Json("\"hi\"")));
                    if (client.pollPush("appserver.news", java.time.Duration.ofMillis(500)) != null) {
                        return;
                    }
                }
            }
            fail("no push reached the client through the asadmin-deployed EAR within 60 s");
        }
    }
}
