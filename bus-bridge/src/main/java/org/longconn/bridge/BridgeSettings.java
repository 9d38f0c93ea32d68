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
 */
public record BridgeSettings(
        String brokerUrl,
        String user,
        String password,
        String pushAddress,
        String nodeId,
        int maxOpTypeLength,
        String inboundAddress) {

    public BridgeSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(pushAddress, "pushAddress");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    /**
     * Where the sequencing node republishes stamped pushes and every node subscribes: the push
     * address plus {@code .sequenced}, so that gateways sharing a broker on different push
     * addresses stay apart.
     */
    public String sequencedAddress() {
        return pushAddress + ".sequenced";
    }

    @Override
    public String toString() {
        return "BridgeSettings[" + brokerUrl + ", address " + pushAddress + ", node " + nodeId
                + (user != null ? ", user " + user : "") + "]";
    }
}
