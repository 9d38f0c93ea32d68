package org.longconn.appserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WildFly, in the installation at {@code longconn.it.wildflyHome}: each node is a
 * {@link LoopbackWildFly} base directory, started by WildFly's connector, and configured once it
 * runs with the repository's CLI scripts, the ones the README tells users to run:
 * {@code etc/wildfly/longconn.cli} (the gateway's broker and node id) and
 * {@code examples/publisher-app/wildfly.cli} (the pooled connection factory of the example
 * service's message-driven bean). The suite's other settings follow as more system properties.
 */
final class WildFlyServers implements ServerKind {

    private final Path home = Path.of(System.getProperty("longconn.it.wildflyHome"));

    @Override
    public void prepare(String node, Map<String, String> settings) throws IOException {
        LoopbackWildFly.create(home, node);
    }

    @Override
    public void started(String node, Map<String, String> settings) throws IOException, InterruptedException {
        Path base = LoopbackWildFly.baseDir(home, node);
        // One CLI session for both scripts and the extra settings: each session is a JVM start.
        List<String> lines = new ArrayList<>();
        lines.addAll(Files.readAllLines(WildFlyScripts.GATEWAY.file()));
        settings.forEach((name, value) -> {
            if (!name.equals("longconn.brokerUrl") && !name.equals("longconn.nodeId")) {
                lines.add("/system-property=" + name + ":add(value=\"" + value + "\")");
            }
        });
        lines.addAll(Files.readAllLines(WildFlyScripts.EXAMPLE.file()));
        Path script = Files.write(base.resolve("longconn-suite.cli"), lines);
        cli(node).script(script, WildFlyScripts.properties(base.resolve("longconn-suite.properties"), settings));
    }

    /** Undertow's WebSocket sessions are not Tyrus's: the gateway falls back to the portable path. */
    @Override
    public String writePath() {
        return "portable";
    }

    /** Its messaging subsystem is Artemis: the embedded broker's adapter and the pooled factories. */
    @Override
    public boolean runsArtemisClient() {
        return true;
    }

    @Override
    public Optional<ProcessHandle> process(String node) {
        return LoopbackWildFly.process(home, node);
    }

    @Override
    public ReadmeSteps readme(String node) {
        return new WildFlySteps(home, node, cli(node));
    }

    private JbossCli cli(String node) {
        return new JbossCli(home, SuitePorts.port(node, "admin"));
    }
}
