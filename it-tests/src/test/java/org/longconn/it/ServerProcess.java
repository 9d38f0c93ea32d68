package org.longconn.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.embeddable.GlassFish;

/**
 * A server in a JVM of its own, as users run it: the gateway EAR on the runnable GlassFish jar
 * (what {@code ./run.sh} starts), or the stand-alone broker. Output goes to a log file that the
 * tests read to learn the server's state.
 */
final class ServerProcess implements AutoCloseable {

    private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long POLL_MILLIS = 100;

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    private ServerProcess(String name, List<String> command) throws IOException {
        this.name = name;
        this.command = command;
        this.log = Files.createTempFile("longconn-" + name, ".log");
    }

    /** The gateway EAR on {@code port}, with extra system properties such as {@code -Dlongconn.brokerUrl=...}. */
    static ServerProcess gateway(String name, int port, String... systemProperties) throws Exception {
        return gateway(name, port, false, systemProperties);
    }

    /**
     * The gateway EAR on {@code port}; with {@code prompt}, the server also reads admin commands
     * ({@code undeploy longconn}, {@code deploy FILE}) from its standard input, see {@link #command}.
     * Started as run.sh starts it: the standby WAR first, then the HTTP listener, then the EAR, so
     * that {@code /longconn/*} answers 503 (never 404) from the first connection on.
     */
    static ServerProcess gateway(String name, int port, boolean prompt, String... systemProperties) throws Exception {
        List<String> startup = new ArrayList<>(standbyThenListener(port));
        startup.add(System.getProperty("longconn.ear"));
        // As run.sh: the virtual server does not list the listener that starts disabled.
        Path domain = Files.createTempFile("longconn-" + name + "-domain", ".xml");
        domain.toFile().deleteOnExit();
        Files.writeString(
                domain,
                Files.readString(Path.of(System.getProperty("longconn.it.domainXml")), StandardCharsets.UTF_8)
                        .replace(" network-listeners=\"http-listener\"", ""),
                StandardCharsets.UTF_8);
        // Undeploys and stops stay fast: no drain window unless a test sets one (a later -D wins).
        List<String> properties = new ArrayList<>(List.of("-Dlongconn.drainWindowMs=0"));
        properties.addAll(Arrays.asList(systemProperties));
        return runnableJar(name, domain, List.of("--noListener"), startup, prompt, properties.toArray(String[]::new));
    }

    /**
     * The admin commands that deploy the standby WAR at the root context (it answers
     * {@code /longconn/*} with 503 while the gateway is not deployed) and only then open the
     * domain's HTTP listener on {@code port}: opened by the launcher, the listener would serve the
     * server's 404 page for the second or so that the standby takes to deploy.
     */
    static List<String> standbyThenListener(int port) {
        String listener =
                "configs.config.server-config.network-config.network-listeners.network-listener.http-listener";
        return List.of(
                "deploy --contextroot=/ --name=longconn-standby " + System.getProperty("longconn.standbyWar"),
                "set " + listener + ".port=" + port + " " + listener + ".enabled=true");
    }

    /** Any application archive (the EAR, or an application's own WAR) on {@code port}. */
    static ServerProcess application(String name, String archive, int port, boolean prompt, String... systemProperties)
            throws Exception {
        return applications(name, List.of(archive), port, prompt, systemProperties);
    }

    /** Several applications in one server, as production runs the gateway beside other deployments. */
    static ServerProcess applications(
            String name, List<String> archives, int port, boolean prompt, String... systemProperties) throws Exception {
        List<String> startup = new ArrayList<>();
        for (String archive : archives) {
            // The runnable jar deploys a bare WAR at "/" whatever its glassfish-web.xml says; an admin
            // command names the context root (an EAR's application.xml is honoured as it is).
            // Arguments that are already admin commands ("deploy ...") go as they are.
            startup.add(
                    archive.endsWith(".war") && !archive.startsWith("deploy ")
                            ? "deploy --contextroot=/longconn " + archive
                            : archive);
        }
        return runnableJar(
                name,
                Path.of(System.getProperty("longconn.it.domainXml")),
                List.of("--httpPort=" + port),
                startup,
                prompt,
                systemProperties);
    }

    /**
     * The runnable GlassFish jar with {@code domain} and {@code listenerOptions}, then {@code
     * startup}: the archives to deploy and admin commands to run, in order.
     */
    private static ServerProcess runnableJar(
            String name,
            Path domain,
            List<String> listenerOptions,
            List<String> startup,
            boolean prompt,
            String... systemProperties)
            throws Exception {
        File glassfishJar = new File(GlassFish.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> command = new ArrayList<>(java());
        command.addAll(
                Arrays.asList(System.getProperty("longconn.it.jvmOpens").trim().split("\\s+")));
        command.addAll(Arrays.asList(systemProperties));
        // As run.sh: no product name and version in the Server header and error pages.
        command.add("-Dproduct.name=");
        command.addAll(List.of("-jar", glassfishJar.getPath(), "--domainConfigFile=" + domain));
        command.addAll(listenerOptions);
        command.add("--noInfo");
        if (prompt) {
            command.add("--prompt");
        }
        command.addAll(startup);
        return new ServerProcess(name, command);
    }

    /** The stand-alone broker on {@code port}, clustered with the brokers on {@code peerPorts}. */
    static ServerProcess broker(int port, int... peerPorts) throws IOException {
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("-jar", System.getProperty("longconn.brokerJar"), "--port", Integer.toString(port)));
        for (int peer : peerPorts) {
            command.addAll(List.of("--peer", "127.0.0.1:" + peer));
        }
        return new ServerProcess("broker-" + port, command);
    }

    private static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m");
    }

    @Override
    public String toString() {
        return name + (process == null ? "" : " (pid " + process.pid() + ")");
    }

    /** The running process's id. */
    long pid() {
        return process.pid();
    }

    /** Starts the process (again, after {@link #stop}); returns without waiting for it to be ready. */
    ServerProcess start() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    /** Sends one admin command line to a server started with a prompt. */
    void command(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** How many of the server's live threads have a name containing any of {@code fragments} (from jcmd). */
    long threadsNamed(String... fragments) throws Exception {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        "Thread.print")
                .redirectErrorStream(true)
                .start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            fail("jcmd failed: " + dump);
        }
        return dump.lines()
                .filter(line -> line.startsWith("\""))
                .map(line -> line.substring(1, line.indexOf('"', 1)))
                .filter(name -> Arrays.stream(fragments).anyMatch(name::contains))
                .count();
    }

    /** Waits (with a deadline) until the log contains {@code text} at least {@code times} times. */
    void awaitLog(String text, int times) throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (occurrences(log(), text) >= times) {
                return;
            }
            process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        fail(name + " did not log '" + text + "' " + times + " times within 120 s:\n" + log());
    }

    /** Waits (with a deadline) until {@code GET path} on {@code port} answers 200. */
    void awaitPage(int port, String path) throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (answers200(port, path)) {
                return;
            }
            process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        fail(name + " was not serving " + path + " within 120 s:\n" + log());
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    Process process() {
        return process;
    }

    /** The command line that starts this server, for a harness that runs it by itself. */
    List<String> commandLine() {
        return List.copyOf(command);
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) and waits for it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills the process (SIGKILL, as a crash would: nothing is closed cleanly) and waits for it. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Stops every given process that was created (nulls are skipped), in order. */
    static void closeAll(ServerProcess... processes) throws InterruptedException {
        for (ServerProcess process : processes) {
            if (process != null) {
                process.close();
            }
        }
    }

    private static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static boolean answers200(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).endsWith("200");
        } catch (IOException e) {
            return false;
        }
    }
}
