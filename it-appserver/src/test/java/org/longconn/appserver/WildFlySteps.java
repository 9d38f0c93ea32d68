package org.longconn.appserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The README's WildFly steps: {@code standalone.sh} with the full profile, then {@code jboss-cli.sh}
 * for the settings and the deployments, in a {@link LoopbackWildFly} base directory.
 */
final class WildFlySteps implements ReadmeSteps {

    private static final Logger LOG = Logger.getLogger(WildFlySteps.class.getName());

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);

    private final Path home;
    private final String node;
    private final JbossCli cli;
    private Process launcher;

    WildFlySteps(Path home, String node, JbossCli cli) {
        this.home = home;
        this.node = node;
        this.cli = cli;
    }

    @Override
    public void start() throws Exception {
        LoopbackWildFly.create(home, node);
        Path base = LoopbackWildFly.baseDir(home, node);
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/standalone.sh").toString(),
                        "-c",
                        LoopbackWildFly.PROFILE,
                        "-Djboss.server.base.dir=" + base)
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launcher = builder.start();
        awaitStarted(base.resolve("log/server.log"));
    }

    /** The server logs WFLYSRV0025 once started, WFLYSRV0026 if some service failed. */
    private void awaitStarted(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains("WFLYSRV0025")) {
                return;
            }
            if (text.contains("WFLYSRV0026") || !launcher.isAlive()) {
                throw new AssertionError("WildFly did not start cleanly; see " + log + ":\n" + text);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("WildFly did not start within " + START + "; see " + log);
    }

    @Override
    public void configure(String brokerUrl, String nodeId) throws Exception {
        Path base = LoopbackWildFly.baseDir(home, node);
        Path properties = WildFlyScripts.properties(
                base.resolve("gw.properties"), Map.of("longconn.brokerUrl", brokerUrl, "longconn.nodeId", nodeId));
        cli.script(WildFlyScripts.GATEWAY.file(), properties);
    }

    @Override
    public void deployStandby(Path war) throws Exception {
        cli.script(WildFlyScripts.STANDBY.file());
        cli.command("deploy " + war);
    }

    @Override
    public void deployGateway(Path ear) throws Exception {
        cli.command("deploy " + ear);
    }

    @Override
    public void undeployGateway() throws Exception {
        cli.command("undeploy longconn.ear");
    }

    @Override
    public void undeployStandby() throws Exception {
        cli.command("undeploy longconn-standby.war");
    }

    /** {@code :shutdown}; whatever of the server is still alive a minute later is killed. */
    @Override
    public void stop() throws Exception {
        Optional<ProcessHandle> server = LoopbackWildFly.process(home, node);
        try {
            cli.command(":shutdown");
            if (server.isPresent()) {
                server.get().onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning("WildFly " + node + " did not stop within " + STOP + " of :shutdown; killing it");
            server.ifPresent(ProcessHandle::destroyForcibly);
        } finally {
            if (launcher != null) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
    }
}
