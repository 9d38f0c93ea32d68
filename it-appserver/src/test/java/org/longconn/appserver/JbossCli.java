package org.longconn.appserver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** WildFly's {@code bin/jboss-cli.sh}, connected to one server's management port on loopback. */
final class JbossCli {

    private static final Duration OPERATION = Duration.ofSeconds(120);
    private static final Duration CALL = Duration.ofSeconds(180);

    private final Path home;
    private final int managementPort;

    JbossCli(Path home, int managementPort) {
        this.home = home;
        this.managementPort = managementPort;
    }

    /** Runs one command, as the README writes it after {@code jboss-cli.sh --connect}. */
    String command(String command) throws IOException, InterruptedException {
        return run(List.of("--command=" + command));
    }

    /** Runs a script, resolving its {@code ${...}} from {@code properties} (a properties file). */
    String script(Path script, Path properties) throws IOException, InterruptedException {
        return run(List.of("--resolve-parameter-values", "--properties=" + properties, "--file=" + script));
    }

    /** Runs a script that has no {@code ${...}}. */
    String script(Path script) throws IOException, InterruptedException {
        return run(List.of("--file=" + script));
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/jboss-cli.sh").toString(),
                "--connect",
                "--controller=127.0.0.1:" + managementPort,
                // Each operation's own limit, below the whole call's: a half-booted server answers.
                "--command-timeout=" + OPERATION.toSeconds()));
        command.addAll(arguments);
        return Commands.run(command, Map.of("JAVA_HOME", System.getProperty("java.home")), CALL);
    }
}
