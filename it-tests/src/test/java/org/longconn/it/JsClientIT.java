package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client's end-to-end tests in Node ({@code clients/js/test/e2e}), and the demo
 * page's and the admin dashboard's tests in headless Chromium ({@code clients/js/test/browser}), against the gateway WAR with the
 * test handlers on the runnable GlassFish jar in its own JVM. The Node tests start, kill and
 * restart that server themselves; this class hands them its command line and checks they pass.
 *
 * <p>Without Node.js 20+ (or the npm install of playwright-core) the test is skipped, loudly,
 * unless {@code -Dlongconn.requireNode=true} (as {@code .ci/run} sets) makes it fail.
 */
class JsClientIT {

    private static final String SECRET = "js-e2e-secret";
    private static final String ADMIN_SECRET = "js-e2e-admin";
    private static final long DEADLINE_MINUTES = 10;

    @Test
    void theJavaScriptClientPassesItsEndToEndAndBrowserTests() throws Exception {
        Path js = Path.of(System.getProperty("longconn.jsClientDir")).toRealPath();
        boolean required = Boolean.getBoolean("longconn.requireNode");
        String missing = !nodeAvailable()
                ? "Node.js 20+ is not on the PATH"
                : !Files.isDirectory(js.resolve("node_modules/playwright-core"))
                        ? "clients/js/node_modules is not installed"
                        : null;
        if (missing != null) {
            if (required) {
                fail(missing + " (longconn.requireNode=true)");
            }
            Assumptions.abort(missing + ": the JavaScript client's end-to-end tests are skipped");
        }

        Path work = Path.of("target", "js-e2e").toAbsolutePath();
        Files.createDirectories(work);
        File war = work.resolve("longconn.war").toFile();
        // Short heartbeat and idle settings, so that the heartbeat test proves the idle close is avoided in seconds;
        // permessage-deflate on, so that the browser (which offers it) runs every test compressed.
        Deployments.gateway("publishSecret=" + SECRET + "\nadminSecret=" + ADMIN_SECRET
                        + "\nheartbeatIntervalMs=1000\nidleTimeoutMs=3000\ndeflate=true\ndeflateMinBytes=64\n")
                .as(ZipExporter.class)
                .exportTo(war, true);
        int port = Integer.parseInt(System.getProperty("longconn.it.jsPort"));
        List<String> gateway =
                ServerProcess.application("js-e2e", war.getPath(), port, false).commandLine();

        JsonArrayBuilder command = Json.createArrayBuilder();
        gateway.forEach(command::add);
        List<String> node = new ArrayList<>(List.of(
                "node",
                "--experimental-websocket",
                "--test",
                "--test-concurrency=1",
                "--test-reporter=spec",
                "test/e2e/",
                "test/browser/"));
        Path output = work.resolve("node-tests.log");
        ProcessBuilder builder = new ProcessBuilder(node)
                .directory(js.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("LONGCONN_GATEWAY_COMMAND", command.build().toString());
        env.put("LONGCONN_GATEWAY_PORT", Integer.toString(port));
        env.put("LONGCONN_PUBLISH_SECRET", SECRET);
        env.put("LONGCONN_ADMIN_SECRET", ADMIN_SECRET);
        env.put("LONGCONN_ARTIFACTS", work.toString());
        env.put("LONGCONN_REQUIRE_BROWSER", Boolean.toString(required));
        Process tests = builder.start();
        try {
            if (!tests.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES)) {
                fail("the JavaScript tests did not finish within " + DEADLINE_MINUTES + " minutes:\n" + read(output));
            }
            String log = read(output);
            System.out.println(log);
            assertEquals(0, tests.exitValue(), "the JavaScript tests failed (artifacts in " + work + "):\n" + log);
        } finally {
            // A gateway the Node tests started must not outlive them, whatever happened.
            tests.descendants().forEach(ProcessHandle::destroyForcibly);
            tests.destroyForcibly();
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process version = new ProcessBuilder("node", "-p", "process.versions.node.split('.')[0]")
                    .redirectErrorStream(true)
                    .start();
            String major = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0 && Integer.parseInt(major) >= 20;
        } catch (IOException | NumberFormatException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
