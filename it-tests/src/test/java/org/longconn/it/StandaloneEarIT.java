package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.embeddable.GlassFish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built EAR as {@code ./run.sh} runs it: the runnable GlassFish jar in its own JVM, so nothing
 * from the test class path can hide a missing piece of the EAR.
 */
class StandaloneEarIT {

    private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private static Process server;
    private static Path log;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        port = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
        File glassfishJar = new File(GlassFish.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        log = Files.createTempFile("longconn-standalone", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("longconn.it.jvmOpens").trim().split("\\s+")));
        command.addAll(List.of("-jar", glassfishJar.getPath(),
                "--domainConfigFile=" + System.getProperty("longconn.it.domainXml"),
                "--httpPort=" + port, "--noInfo", System.getProperty("longconn.ear")));
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitGateway();
    }

    /** Polls (with a deadline) until the demo page answers, i.e. the EAR is deployed. */
    private static void awaitGateway() throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            if (pageAnswers()) {
                return;
            }
            server.waitFor(250, TimeUnit.MILLISECONDS);
        }
        fail("the EAR was not serving within 120 s:\n" + Files.readString(log));
    }

    private static boolean pageAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.getOutputStream().write("GET /longconn/ HTTP/1.0\r\n\r\n".getBytes());
            byte[] status = socket.getInputStream().readNBytes(12);
            return new String(status).endsWith("200");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theEarServesTheProtocolAndTellsClientsToReconnectWhenStopped() throws Exception {
        try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/longconn/ws"))) {
            JsonObject answer = client.subscribeRaw("order.#", "bad..name");
            assertTrue(answer.getJsonArray("results").getJsonObject(0).getBoolean("ok"));
            assertEquals("invalid_op_type", answer.getJsonArray("results").getJsonObject(1).getString("code"));
            assertEquals("no_handler", client.call("nobody.home", "{}").getJsonObject("error").getString("code"));
            client.send("ping");
            assertEquals(new TestClient.Text("pong"), client.next());

            server.destroy(); // SIGTERM, as Ctrl-C in run.sh forwards it
            JsonObject disconnect = client.awaitType("disconnect");
            assertEquals(4003, disconnect.getInt("code"));
            assertTrue(disconnect.getBoolean("reconnect"));
            assertEquals(4003, client.awaitClose(null).code());
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stops after SIGTERM");
        }
    }
}
