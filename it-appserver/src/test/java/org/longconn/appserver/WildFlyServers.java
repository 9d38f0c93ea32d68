package org.longconn.appserver;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * WildFly, in the installation at {@code longconn.it.wildflyHome}: each node is a
 * {@link LoopbackWildFly} base directory, started by WildFly's connector, and configured once it
 * runs with the repository's CLI scripts, the ones the README tells users to run:
 * {@code etc/wildfly/longconn.cli} (the gateway's broker and node id) and
 * {@code examples/publisher-app/wildfly.cli} (the pooled connection factory of the example
 * service's message-driven bean). The suite's other settings follow as more system properties.
 */
final class WildFlyServers implements ServerKind {

    /** The README's scripts, relative to the repository. */
    static final Path GATEWAY_SCRIPT = Path.of("etc/wildfly/longconn.cli");

    static final Path STANDBY_SCRIPT = Path.of("etc/wildfly/standby.cli");
    static final Path EXAMPLE_SCRIPT = Path.of("examples/publisher-app/wildfly.cli");

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
        lines.addAll(Files.readAllLines(repository(GATEWAY_SCRIPT)));
        settings.forEach((name, value) -> {
            if (!name.equals("longconn.brokerUrl") && !name.equals("longconn.nodeId")) {
                lines.add("/system-property=" + name + ":add(value=\"" + value + "\")");
            }
        });
        lines.addAll(Files.readAllLines(repository(EXAMPLE_SCRIPT)));
        Path script = Files.write(base.resolve("longconn-suite.cli"), lines);
        cli(node).script(script, properties(base.resolve("longconn-suite.properties"), settings));
    }

    @Override
    public Path log(String node) {
        return LoopbackWildFly.baseDir(home, node).resolve("log/server.log");
    }

    /** Undertow's WebSocket sessions are not Tyrus's: the gateway falls back to the portable path. */
    @Override
    public String writePath() {
        return "portable";
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

    /** A file of the repository (the build's root). */
    static Path repository(Path relative) {
        return Path.of(System.getProperty("longconn.it.root")).resolve(relative);
    }

    /**
     * The properties file the README's scripts resolve their {@code ${...}} from: the gateway's
     * settings, and the broker's host and port (from {@code longconn.brokerUrl}) for the pooled
     * connection factory.
     */
    static Path properties(Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        URI broker = URI.create(settings.get("longconn.brokerUrl"));
        properties.setProperty("broker.host", broker.getHost());
        properties.setProperty("broker.port", Integer.toString(broker.getPort()));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            properties.store(out, "the suite's settings for " + file.getParent().getFileName());
        }
        return file;
    }
}
