package org.longconn.endpoint.bus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;

/**
 * The single-node bus: a publish is stamped with the next position and delivered to this node's
 * handler on the publishing thread, one publish at a time so that positions follow delivery
 * order. That is safe because the handler only enqueues into outboxes. The epoch is new each time
 * the bus starts (a redeploy or restart forgets the history).
 */
public final class InMemoryBus implements Bus {

    private static final CompletionStage<Void> DELIVERED = CompletableFuture.completedStage(null);

    private volatile PushHandler handler;
    private volatile Consumer<String> control;
    private final String epoch = Position.randomEpoch();
    private long seq;

    @Override
    public void start(PushHandler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("bus already started");
        }
        this.handler = handler;
    }

    @Override
    public synchronized CompletionStage<Void> publish(Push push) {
        PushHandler current = handler;
        if (current == null) {
            throw new PushException("the gateway's bus is not running (not started yet or shut down); push for '"
                    + push.opType() + "' not accepted");
        }
        seq++;
        current.onPush(push, System.currentTimeMillis(), new Position(epoch, seq));
        return DELIVERED;
    }

    @Override
    public void stop() {
        handler = null;
    }

    @Override
    public void onControl(Consumer<String> listener) {
        this.control = listener;
    }

    /** The one node hears its own control messages at once, on the sending thread. */
    @Override
    public boolean sendControl(String json) {
        Consumer<String> listener = control;
        if (handler == null || listener == null) {
            return false;
        }
        listener.accept(json);
        return true;
    }

    @Override
    public State state() {
        return handler != null ? State.IN_MEMORY : State.STOPPED;
    }
}
