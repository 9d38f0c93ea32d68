package org.longconn.endpoint.health;

import java.util.Locale;
import org.longconn.endpoint.bus.Bus;

/**
 * Whether a node should get traffic, and why not: it must be serving (started, not stopping) and
 * its bus must carry pushes (connected to the broker, or the in-memory bus). A node whose broker
 * is away still serves its sessions, but its clients would miss every push meanwhile, so a load
 * balancer should send new clients elsewhere.
 *
 * @param serving the node has started and is not stopping
 * @param bus the bus's state
 */
public record Readiness(boolean serving, Bus.State bus) {

    /** Whether the node is ready for traffic. */
    public boolean ready() {
        return serving && bus.flowing();
    }

    /** The JSON answer of {@code /health/ready}. */
    public String json() {
        return "{\"status\":\"" + (ready() ? "UP" : "DOWN") + "\",\"checks\":{\"serving\":" + serving + ",\"bus\":\""
                + bus.name().toLowerCase(Locale.ROOT).replace('_', '-') + "\"}}";
    }
}
