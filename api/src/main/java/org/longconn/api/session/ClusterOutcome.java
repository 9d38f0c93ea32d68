package org.longconn.api.session;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the nodes of the cluster did with a cluster-wide request: how many sessions each node that
 * answered acted on, and which nodes, known to be alive when the request went out, did not answer
 * in time (they may still act on it, or may have gone).
 *
 * @param byNode sessions acted on, per node id, for every node that answered
 * @param unanswered the nodes that did not answer within the deadline
 */
public record ClusterOutcome(Map<String, Integer> byNode, Set<String> unanswered) {

    public ClusterOutcome {
        byNode = Map.copyOf(Objects.requireNonNull(byNode, "byNode"));
        unanswered = Set.copyOf(Objects.requireNonNull(unanswered, "unanswered"));
    }

    /** Sessions acted on over all nodes that answered. */
    public int total() {
        return byNode.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether every node answered. */
    public boolean complete() {
        return unanswered.isEmpty();
    }
}
