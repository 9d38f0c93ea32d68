package org.longconn.endpoint.bus;

import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;

/**
 * Carries pushes to every gateway node. A node {@linkplain #start starts} the bus with its one
 * handler; {@link #publish} hands a push to the bus, which delivers it to the handler of every
 * node, the publishing node included, exactly once each.
 */
public interface Bus {

    /**
     * Starts delivering pushes to {@code handler}.
     *
     * @throws IllegalStateException if already started
     */
    void start(PushHandler handler);

    /**
     * Hands {@code push} to the bus, stamped with the publish time.
     *
     * @throws PushException if the bus cannot accept it (never a silent loss)
     */
    void publish(Push push);

    /** Stops delivering and releases resources. Idempotent. */
    void stop();
}
