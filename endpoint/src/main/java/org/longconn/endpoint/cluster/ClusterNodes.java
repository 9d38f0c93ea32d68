package org.longconn.endpoint.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes this node has heard from on the control channel. A node is alive while its last
 * announcement is younger than the expiry (a few announcement intervals): one that crashed drops
 * out by itself; one that stops says so and drops out at once.
 */
final class ClusterNodes {

    private final long expiryMillis;
    private final Map<String, ClusterNode> nodes = new ConcurrentHashMap<>();

    ClusterNodes(long expiryMillis) {
        this.expiryMillis = expiryMillis;
    }

    /** @return whether the node was not known (new, or back after it expired or left) */
    boolean announced(ControlMessage.Announce announce, long nowMillis) {
        return nodes.put(
                        announce.node(),
                        new ClusterNode(
                                announce.node(),
                                announce.sessions(),
                                announce.subscriptions(),
                                announce.startedAt(),
                                nowMillis))
                == null;
    }

    void left(String node) {
        nodes.remove(node);
    }

    /** The nodes alive at {@code nowMillis}, by id; forgets the expired ones. */
    List<ClusterNode> alive(long nowMillis) {
        nodes.values().removeIf(node -> nowMillis - node.lastSeenMillis() > expiryMillis);
        return nodes.values().stream()
                .sorted(Comparator.comparing(ClusterNode::id))
                .toList();
    }
}
