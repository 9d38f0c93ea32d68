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
    public String writePath() {
        return "frame-once";
    }

    @Override
    public boolean runsArtemisClient() {
        return false; // its JMS provider is Open MQ, which the suite's domains leave off (REMOTE)
    }

    @Override
    public Optional<ProcessHandle> process(String node) {
        return process(home, node);
    }

    /** The server of {@code domain}, from the pid file it writes into the domain. */
    static Optional<ProcessHandle> process(Path home, String domain) {
        Path pidFile = home.resolve("glassfish/domains").resolve(domain).resolve("config/pid");
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
