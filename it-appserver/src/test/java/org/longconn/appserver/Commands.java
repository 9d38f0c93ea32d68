package org.longconn.appserver;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the servers' command-line tools ({@code asadmin}, {@code jboss-cli.sh}, {@code jcmd}) with
 * a deadline. Their output goes to a file rather than a pipe, so a tool that hangs is killed at
 * the deadline instead of blocking the read of its output forever.
 */
final class Commands {

    private Commands() {}

    /**
     * Runs {@code command} with {@code environment} added, and returns its output; throws, with
     * that output, when it fails or is still running after {@code deadline}.
     */
    static String run(List<String> command, Map<String, String> environment, Duration deadline)
            throws IOException, InterruptedException {
        File output = File.createTempFile("longconn-command", ".out");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean ended = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String said = Files.readString(output.toPath(), StandardCharsets.UTF_8);
            if (!ended || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command)
                        + (ended ? " failed (exit " + process.exitValue() + ")" : " did not end within " + deadline)
                        + ":\n" + said);
            }
            return said;
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }
}
