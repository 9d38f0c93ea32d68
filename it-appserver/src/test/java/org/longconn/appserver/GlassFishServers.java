package org.longconn.appserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * GlassFish 7 and Payara 6 (a GlassFish descendant: the same domains, {@code asadmin} and
 * connector), in the installation at {@code longconn.it.glassfishHome}: each node is a
 * {@link LoopbackDomain} named as the node, with the gateway's settings written into it.
 */
final class GlassFishServers implements ServerKind {

    private final Path home = Path.of(System.getProperty("longconn.it.glassfishHome"));

    @Override
    public void prepare(String node, Map<String, String> settings) throws IOException {
        // The managed connector starts the server only at its first deploy, so the settings go into
        // the domain beforehand rather than with asadmin create-system-properties.
        LoopbackDomain.create(home, node, settings);
    }

    @Override
    public void started(String node, Map<String, String> settings) {
        // Nothing: the domain has its settings already.
    }

    @Override
    public Path log(String node) {
        return home.resolve("glassfish/domains").resolve(node).resolve("logs/server.log");
    }

    @Override
    public String writePath() {
        return "frame-once";
    }

    @Override
    public Optional<ProcessHandle> process(String node) {
        Path pidFile = home.resolve("glassfish/domains").resolve(node).resolve("config/pid");
        try {
            return Files.isRegularFile(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + pidFile, e);
        }
    }

    @Override
    public ReadmeSteps readme(String node) {
        return new AsadminSteps(home, node);
    }
}
