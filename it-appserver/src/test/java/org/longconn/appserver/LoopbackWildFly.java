package org.longconn.appserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WildFly server configuration of the suite's own: a fresh copy of the distribution's stock
 * {@code standalone/} directory as the server's base directory ({@code -Djboss.server.base.dir}),
 * with every socket binding of its full profile ({@code standalone-full.xml}) moved to a free port
 * the build reserved as {@code longconn.it.<node>.<port>}. The stock interfaces are loopback
 * already; nothing else is changed. Several servers of one installation then run side by side.
 */
final class LoopbackWildFly {

    /** The full profile: the example service's message-driven bean needs its messaging subsystem. */
    static final String PROFILE = "standalone-full.xml";

    /** Each socket binding of the stock profile, and the name of the port reserved for it. */
    private static final Map<String, String> BINDINGS = Map.of(
            "http", "http",
            "https", "https",
            "ajp", "ajp",
            "management-http", "admin",
            "management-https", "adminHttps",
            "iiop", "iiop",
            "iiop-ssl", "iiopSsl",
            "txn-recovery-environment", "txnRecovery",
            "txn-status-manager", "txnStatus");

    private LoopbackWildFly() {}

    /** The base directory of {@code node} in the installation at {@code home}. */
    static Path baseDir(Path home, String node) {
        return home.resolve("nodes").resolve(node);
    }

    /** Makes {@code node}'s base directory, fresh. */
    static void create(Path home, String node) throws IOException {
        Path base = baseDir(home, node);
        Directories.copyFresh(home.resolve("standalone"), base);
        Path profile = base.resolve("configuration").resolve(PROFILE);
        String xml = Files.readString(profile, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> binding : BINDINGS.entrySet()) {
            xml = withPort(xml, binding.getKey(), SuitePorts.port(node, binding.getValue()));
        }
        Files.writeString(profile, xml, StandardCharsets.UTF_8);
    }

    /**
     * The running server whose base directory is {@code node}'s: the Java process, not the
     * {@code standalone.sh} that may have started it with the same argument ({@code standalone.sh}
     * hands Java the directory's real path); the newest, should an aborted build have left another.
     */
    static Optional<ProcessHandle> process(Path home, String node) {
        Path base = baseDir(home, node);
        Set<String> arguments = new HashSet<>(Set.of("-Djboss.server.base.dir=" + base));
        try {
            arguments.add("-Djboss.server.base.dir=" + base.toRealPath());
        } catch (IOException e) {
            return Optional.empty(); // not made yet: no server can run on it
        }
        return ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("/java"))
                        .orElse(false))
                .filter(process -> process.info()
                        .arguments()
                        .map(given -> Arrays.stream(given).anyMatch(arguments::contains))
                        .orElse(false))
                .max(Comparator.comparing(
                        process -> process.info().startInstant().orElse(Instant.MIN)));
    }

    private static String withPort(String xml, String binding, int port) {
        Matcher matcher = Pattern.compile(
                        "(<socket-binding name=\"" + Pattern.quote(binding) + "\"[^>]*? port=\")[^\"]*\"")
                .matcher(xml);
        if (!matcher.find()) {
            throw new IllegalStateException(
                    "the stock " + PROFILE + " has no socket binding " + binding + " (another WildFly version?)");
        }
        return matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + port + "\""));
    }
}
