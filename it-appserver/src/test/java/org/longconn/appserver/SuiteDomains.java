package org.longconn.appserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.event.SetupContainer;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;

/**
 * Each Arquillian server's {@link LoopbackDomain}, named as its container, made as Arquillian sets
 * the server up, with the gateway's settings as system properties: the suite's broker, the
 * container's name as node id, and {@code orders.#} forwarded to the enterprise service. (The
 * managed connector starts the server only at the first deploy, so the properties are written
 * into the domain beforehand rather than with {@code asadmin create-system-properties}.)
 */
public class SuiteDomains {

    private static final Logger LOG = Logger.getLogger(SuiteDomains.class.getName());

    /** The domains made for this suite: their server processes must not outlive it. */
    private final List<Path> domains = new ArrayList<>();

    /** Runs before Arquillian's own observer, which makes the connector check the domain exists. */
    public void prepare(@Observes(precedence = 100) SetupContainer event) throws IOException {
        Map<String, String> settings =
                event.getContainer().getContainerConfiguration().getContainerProperties();
        String domain = settings.get("domain");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("longconn.brokerUrl", SuiteBroker.get().url());
        properties.put("longconn.nodeId", domain);
        properties.put("longconn.remoteOpTypes", "orders.#");
        // Undeploys stay fast: no drain window (DrainIT in it-tests proves draining).
        properties.put("longconn.drainWindowMs", "0");
        Path home = Path.of(settings.get("glassFishHome"));
        LoopbackDomain.create(home, domain, properties);
        domains.add(home.resolve("glassfish").resolve("domains").resolve(domain));
    }

    /**
     * After Arquillian stopped its containers (its observer runs first), ends any server process of
     * ours still alive, which the managed connector has been seen to leave running after a build.
     * The server writes its pid into its domain; TERM runs its shutdown, KILL follows a minute later.
     */
    public void stopLeftovers(@Observes(precedence = -50) AfterSuite event) {
        for (Path domain : domains) {
            Path pidFile = domain.resolve("config").resolve("pid");
            Optional<ProcessHandle> server = Optional.empty();
            try {
                if (Files.isRegularFile(pidFile)) {
                    server = ProcessHandle.of(
                            Long.parseLong(Files.readString(pidFile).trim()));
                }
            } catch (IOException | NumberFormatException e) {
                LOG.log(Level.WARNING, "cannot read " + pidFile, e);
            }
            server.filter(ProcessHandle::isAlive).ifPresent(process -> stop(domain, process));
        }
    }

    private static void stop(Path domain, ProcessHandle process) {
        LOG.warning("the server of domain " + domain.getFileName() + " (pid " + process.pid()
                + ") outlived the suite; stopping it");
        process.destroy();
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
