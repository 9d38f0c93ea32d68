package org.longconn.endpoint.bus;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
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
     * Hands {@code push} to the bus, stamped with the publish time, without waiting for it.
     *
     * @return completes once the bus has accepted the push, or exceptionally with a {@link
     *     PushException} when it did not (never a silent loss)
     * @throws PushException if the bus cannot take it now (not connected, or too many pushes
     *     waiting for the broker: {@link org.longconn.api.push.PushOverloadException})
     */
    CompletionStage<Void> publish(Push push);

    /** Stops delivering and releases resources. Idempotent. */
    void stop();

    /**
     * Hands every message of the nodes' control channel (from any node, this one included) to
     * {@code listener}, on a bus thread. Set it before {@link #start}.
     */
    void onControl(Consumer<String> listener);

    /**
     * Sends {@code json} on the nodes' control channel, to every node on the bus (this one
     * included), without waiting.
     *
     * @return whether it went out: {@code false} while the node is off the bus
     */
    boolean sendControl(String json);

    /** Where the bus stands now, for readiness and metrics; cheap, never blocks. */
    State state();

    /** What a node's bus is doing. */
    enum State {
        /** Not started yet, or stopped. */
        STOPPED,
        /** The single-node bus, delivering. */
        IN_MEMORY,
        /** Connected to the broker: pushes flow. */
        CONNECTED,
        /** Started, but not connected to the broker (connecting, or reconnecting after a loss). */
        DISCONNECTED;

        /** Whether pushes flow in this state. */
        public boolean flowing() {
            return this == IN_MEMORY || this == CONNECTED;
        }
    }
}
