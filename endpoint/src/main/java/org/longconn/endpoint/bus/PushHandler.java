package org.longconn.endpoint.bus;

import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;

/**
 * Receives every push from the bus, once per node, in the cluster's order. Must not block: it only
 * enqueues.
 */
@FunctionalInterface
public interface PushHandler {

    /**
     * @param push the push
     * @param timestamp when it was published, in milliseconds since the epoch
     * @param position its place in the cluster's sequence, the same on every node
     */
    void onPush(Push push, long timestamp, Position position);

    /**
     * Back on the bus, the node learned that it missed the pushes stamped up to and including
     * {@code through}; the pushes that follow come after it. Default: nothing to do.
     *
     * @param through the last position stamped, or {@code null} when the broker kept no record
     */
    default void onMissed(Position through) {}
}
