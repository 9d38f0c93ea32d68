package org.longconn.appserver;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One server process of the suite, named as its Arquillian container (and its node id). */
enum AppServerNode {
    A("node-a"),
    B("node-b");

    private static final Pattern NATIVE_ID = Pattern.compile("nid=\\S+");

    private final String name;

    AppServerNode(String name) {
        this.name = name;
    }

    /** {@code path} on this server's HTTP listener. */
    URI http(String path) {
        return URI.create("http://127.0.0.1:" + SuitePorts.port(name, "http") + path);
    }

    /** The gateway's WebSocket endpoint on this server. */
    URI ws() {
        return URI.create("ws://127.0.0.1:" + SuitePorts.port(name, "http") + "/longconn/ws");
    }

    /** The server process, while it runs; none before the connector started it. */
    Optional<ProcessHandle> process() {
        return ServerKind.current().process(name);
    }

    /**
     * The server's threads whose names contain one of {@code fragments}, each as its name and its
     * native id ({@code "name nid=0x1f3"}, which tells apart threads of the same name), from a
     * thread dump of the server process ({@code jcmd}); none when the server has not started yet
     * (the GlassFish connector starts it at its first deploy).
     */
    List<String> threadsNamed(String... fragments) throws IOException, InterruptedException {
        Optional<ProcessHandle> server = process();
        if (server.isEmpty()) {
            return List.of();
        }
        long pid = server.get().pid();
        String dump = Commands.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid),
                        "Thread.print"),
                Map.of(),
                Duration.ofSeconds(30));
        return dump.lines()
                .filter(line -> line.startsWith("\""))
                .filter(line -> Arrays.stream(fragments).anyMatch(line.substring(1, line.indexOf('"', 1))::contains))
                .map(AppServerNode::nameAndId)
                .toList();
    }

    private static String nameAndId(String dumpLine) {
        Matcher nid = NATIVE_ID.matcher(dumpLine);
        return dumpLine.substring(1, dumpLine.indexOf('"', 1)) + (nid.find() ? " " + nid.group() : "");
    }

    @Override
    public String toString() {
        return name;
    }
}
