package org.longconn.endpoint.bus;

import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;

/**
 * The single-node bus: a publish is delivered to this node's handler on the publishing thread.
 * That is safe because the handler only enqueues into outboxes; it also keeps the order of pushes
 * published from one thread.
 */
public final class InMemoryBus implements Bus {

    private volatile PushHandler handler;

    @Override
    public void start(PushHandler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("bus already started");
        }
        this.handler = handler;
    }

    @Override
    public void publish(Push push) {
        PushHandler current = handler;
        if (current == null) {
            throw new PushException("the gateway's bus is not running (not started yet or shut down); push for '"
                    + push.opType() + "' not accepted");
        }
        current.onPush(push, System.currentTimeMillis());
    }

    @Override
    public void stop() {
        handler = null;
    }
}
