package org.longconn.endpoint.bus;

import java.util.UUID;
import java.util.function.Function;
import org.longconn.api.bus.BusFormat;

/**
 * Which bus a node uses. Without {@code brokerUrl} the node runs alone on the in-memory bus;
 * with it, every push goes through the Artemis broker to every node.
 *
 * @param brokerUrl e.g. {@code tcp://127.0.0.1:61616}, or {@code null} for the in-memory bus
 * @param brokerUser broker user, or {@code null}
 * @param brokerPassword broker password, or {@code null}
 * @param pushAddress the multicast address for pushes
 * @param nodeId this node's name on the bus
 */
public record BusConfig(String brokerUrl, String brokerUser, String brokerPassword, String pushAddress, String nodeId) {

    /** Reads the bus settings through {@code lookup} (name → raw value or {@code null}). */
    public static BusConfig from(Function<String, String> lookup) {
        String url = blankToNull(lookup.apply("brokerUrl"));
        String address = blankToNull(lookup.apply("pushAddress"));
        String node = blankToNull(lookup.apply("nodeId"));
        return new BusConfig(url, blankToNull(lookup.apply("brokerUser")), lookup.apply("brokerPassword"),
                address != null ? address : BusFormat.DEFAULT_PUSH_ADDRESS,
                node != null ? node : "node-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Whether pushes go through a broker. */
    public boolean usesBroker() {
        return brokerUrl != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return usesBroker() ? "broker " + brokerUrl + ", address " + pushAddress + ", node " + nodeId
                + (brokerUser != null ? ", user " + brokerUser : "") : "in-memory (single node)";
    }
}
