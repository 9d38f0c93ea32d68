package org.longconn.endpoint.bus;

import org.longconn.api.push.Push;

/** Receives every push from the bus, once per node. Must not block: it only enqueues. */
@FunctionalInterface
public interface PushHandler {

    /**
     * @param push the push
     * @param timestamp when it was published, in milliseconds since the epoch
     */
    void onPush(Push push, long timestamp);
}
