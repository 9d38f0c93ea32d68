package org.longconn.bridge;

import java.util.Objects;

/**
 * Where and how a node reaches the broker.
 *
 * @param brokerUrl an Artemis URL, e.g. {@code tcp://127.0.0.1:61616}
 * @param user broker user, or {@code null}
 * @param password broker password, or {@code null}
 * @param pushAddress the multicast address pushes are published on
 * @param nodeId this node's name, recorded as the origin of its pushes
 * @param maxOpTypeLength opTypes longer than this are refused when received
 * @param inboundAddress where client messages and calls are forwarded, or {@code null} when this
 *     node forwards nothing
 * @param sequencerUrl the broker that holds the cluster's sequence (its sequencer subscription and
 *     its record of the last position), or {@code null} for {@code brokerUrl}. Nodes connected to
 *     different brokers of one Artemis cluster all name the same one here, so that the cluster has
 *     one sequence; give it as a failover URL when that broker has a backup
 * @param replayBatches how many of the last stamped batches the sequence's broker keeps, for nodes
 *     that come back to the bus to catch up on what was stamped while they were away
 */
public record BridgeSettings(
        String brokerUrl,
        String user,
        String password,
        String pushAddress,
        String nodeId,
        int maxOpTypeLength,
        String inboundAddress,
        String sequencerUrl,
        long replayBatches) {

    /** Batches kept for nodes that come back, unless configured. */
    public static final long DEFAULT_REPLAY_BATCHES = 10_000;

    public BridgeSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(pushAddress, "pushAddress");
        Objects.requireNonNull(nodeId, "nodeId");
        if (replayBatches < 1) {
            throw new IllegalArgumentException("replayBatches must be positive");
        }
    }

    /** Whether the sequence lives on another broker than the one this node is connected to. */
    public boolean sequencesElsewhere() {
        return sequencerUrl != null && !sequencerUrl.equals(brokerUrl);
    }

    /**
     * Where the sequencing node republishes stamped pushes and every node subscribes: the push
     * address plus {@code .sequenced}, so that gateways sharing a broker on different push
     * addresses stay apart.
     */
    public String sequencedAddress() {
        return pushAddress + ".sequenced";
    }

    /** The nodes' control channel: announcements and requests between the nodes. */
    public String controlAddress() {
        return pushAddress + ".control";
    }

    @Override
    public String toString() {
        return "BridgeSettings[" + brokerUrl + ", address " + pushAddress + ", node " + nodeId
                + (sequencesElsewhere() ? ", sequencer on " + sequencerUrl : "")
                + (user != null ? ", user " + user : "") + "]";
    }
}
