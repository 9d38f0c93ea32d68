package org.longconn.appserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.event.SetupContainer;
import org.jboss.arquillian.container.spi.event.StartContainer;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;

/**
 * Each Arquillian server, named as its container, made by the run's {@link ServerKind} as
 * Arquillian sets it up (on loopback and free ports), with the gateway's settings as system
 * properties: the suite's broker, the container's name as node id, and {@code orders.#}
 * forwarded to the enterprise service.
 */
public class SuiteServers {

    private static final Logger LOG = Logger.getLogger(SuiteServers.class.getName());

    private final ServerKind kind = ServerKind.current();

    /** The nodes made for this suite: their server processes must not outlive it. */
    private final List<String> nodes = new ArrayList<>();

    /** Runs before Arquillian's own observer, which makes the connector check the configuration. */
    public void prepare(@Observes(precedence = 100) SetupContainer event) throws IOException {
        String node = event.getContainer().getName();
        kind.prepare(node, settings(node));
        nodes.add(node);
    }

    /** Runs after Arquillian's own observer, which started the server. */
    public void started(@Observes(precedence = -10) StartContainer event) throws Exception {
        String node = event.getContainer().getName();
        kind.started(node, settings(node));
    }

    private static Map<String, String> settings(String node) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("longconn.brokerUrl", SuiteBroker.get().url());
        settings.put("longconn.nodeId", node);
        settings.put("longconn.remoteOpTypes", "orders.#");
        // Undeploys stay fast: no drain window (DrainIT in it-tests proves draining).
        settings.put("longconn.drainWindowMs", "0");
        return settings;
    }

    /**
     * After Arquillian stopped its containers (its observer runs first), ends any server process of
     * ours still alive, which the managed connector has been seen to leave running after a build.
     * TERM runs the server's shutdown; KILL follows a minute later.
     */
    public void stopLeftovers(@Observes(precedence = -50) AfterSuite event) {
        for (String node : nodes) {
            try {
                kind.process(node).filter(ProcessHandle::isAlive).ifPresent(process -> stop(node, process));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot tell whether the server of " + node + " still runs", e);
            }
        }
    }

    private static void stop(String node, ProcessHandle process) {
        LOG.warning("the server of " + node + " (pid " + process.pid() + ") outlived the suite; stopping it");
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
