package org.longconn.endpoint.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.BusFormat;
import org.longconn.bridge.BridgeSettings;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * Which bus a node uses and what it forwards. Without {@code brokerUrl} the node runs alone on the
 * in-memory bus; with it, every push goes through the Artemis broker to every node, and client
 * messages and calls of the {@code remoteOpTypes} go to services on the inbound address.
 *
 * @param brokerUrl e.g. {@code tcp://127.0.0.1:61616}, or {@code null} for the in-memory bus
 * @param brokerUser broker user, or {@code null}
 * @param brokerPassword broker password, or {@code null}
 * @param pushAddress the multicast address for pushes
 * @param nodeId this node's name on the bus
 * @param remoteOpTypes opTypes and patterns served by services outside the gateway
 * @param inboundAddress the anycast address those services consume
 * @param sequencerUrl the broker that holds the cluster's sequence when nodes are connected to
 *     different brokers of one Artemis cluster, or {@code null} for {@code brokerUrl}
 * @param replayBatches how many of the last sequenced batches the broker keeps for nodes that come
 *     back to the bus
 */
public record BusConfig(
        String brokerUrl,
        String brokerUser,
        String brokerPassword,
        String pushAddress,
        String nodeId,
        List<String> remoteOpTypes,
        String inboundAddress,
        String sequencerUrl,
        long replayBatches) {

    /**
     * Reads the bus settings through {@code lookup} (name → raw value or {@code null}).
     *
     * @throws IllegalArgumentException naming the setting when a value is unusable
     */
    public static BusConfig from(Function<String, String> lookup) {
        String url = blankToNull(lookup.apply("brokerUrl"));
        String address = blankToNull(lookup.apply("pushAddress"));
        String node = blankToNull(lookup.apply("nodeId"));
        String inbound = blankToNull(lookup.apply("inboundAddress"));
        List<String> remote = remoteOpTypes(lookup.apply("remoteOpTypes"));
        GatewayConfig.Reader numbers = new GatewayConfig.Reader(lookup);
        if (!remote.isEmpty() && url == null) {
            throw new IllegalArgumentException(
                    "longconn.remoteOpTypes forwards to services through a broker: " + "set longconn.brokerUrl too");
        }
        return new BusConfig(
                url,
                blankToNull(lookup.apply("brokerUser")),
                lookup.apply("brokerPassword"),
                address != null ? address : BusFormat.DEFAULT_PUSH_ADDRESS,
                node != null ? node : "node-" + UUID.randomUUID().toString().substring(0, 8),
                remote,
                inbound != null ? inbound : BusFormat.DEFAULT_INBOUND_ADDRESS,
                blankToNull(lookup.apply("sequencerUrl")),
                numbers.positive("busReplayBatches", BridgeSettings.DEFAULT_REPLAY_BATCHES));
    }

    private static List<String> remoteOpTypes(String raw) {
        List<String> patterns = new ArrayList<>();
        if (raw == null) {
            return patterns;
        }
        for (String part : raw.split(",")) {
            String pattern = part.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            String problem = OpTypes.validatePattern(pattern, Integer.MAX_VALUE);
            if (problem != null) {
                throw new IllegalArgumentException("longconn.remoteOpTypes: " + problem);
            }
            patterns.add(pattern);
        }
        return List.copyOf(patterns);
    }

    /** Whether pushes go through a broker. */
    public boolean usesBroker() {
        return brokerUrl != null;
    }

    /** Whether client traffic of some opTypes is forwarded to services. */
    public boolean forwards() {
        return !remoteOpTypes.isEmpty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return usesBroker()
                ? "broker " + brokerUrl + ", address " + pushAddress + ", node " + nodeId
                        + (sequencerUrl != null ? ", sequence on " + sequencerUrl : "")
                        + (brokerUser != null ? ", user " + brokerUser : "")
                        + (forwards() ? ", forwarding " + remoteOpTypes + " to " + inboundAddress : "")
                : "in-memory (single node)";
    }
}
