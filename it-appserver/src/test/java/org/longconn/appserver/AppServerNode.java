package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One server process of the suite, named as its Arquillian container and its domain. */
enum AppServerNode {
    A("node-a"),
    B("node-b");

    private final String name;

    AppServerNode(String name) {
        this.name = name;
    }

    /** The gateway's WebSocket endpoint on this server. */
    URI ws() {
        return URI.create("ws://127.0.0.1:" + LoopbackDomain.port(name, "http") + "/longconn/ws");
    }

    /**
     * The names of the server's threads that contain one of {@code fragments}, from a thread dump
     * of the server process ({@code jcmd}, the process id from the domain's pid file); none when
     * the server has not started yet (the managed connector starts it at its first deploy).
     */
    List<String> threadsNamed(String... fragments) throws IOException, InterruptedException {
        Path pidFile =
                Path.of(System.getProperty("longconn.it.glassfishHome"), "glassfish", "domains", name, "config", "pid");
        if (!Files.isRegularFile(pidFile)) {
            return List.of();
        }
        String pid = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "Thread.print")
                .redirectErrorStream(true)
                .start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            fail("jcmd " + pid + " Thread.print failed: " + dump);
        }
        return dump.lines()
                .filter(line -> line.startsWith("\""))
                .map(line -> line.substring(1, line.indexOf('"', 1)))
                .filter(thread -> Arrays.stream(fragments).anyMatch(thread::contains))
                .toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
