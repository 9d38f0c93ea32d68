package org.longconn.endpoint.bus;

import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.bridge.ArtemisBridge;
import org.longconn.bridge.BridgeSettings;

/**
 * The bus across nodes: pushes go to the Artemis broker and come back to every node, this one
 * included, through its own subscription. A push made on this node therefore takes the same path,
 * and keeps the same order, as one published by any other service.
 */
public final class ArtemisBus implements Bus {

    private final BridgeSettings settings;
    private volatile ArtemisBridge bridge;

    public ArtemisBus(BridgeSettings settings) {
        this.settings = settings;
    }

    @Override
    public synchronized void start(PushHandler handler) {
        if (bridge != null) {
            throw new IllegalStateException("bus already started");
        }
        bridge = new ArtemisBridge(settings, handler::onPush);
        bridge.start();
    }

    @Override
    public void publish(Push push) {
        ArtemisBridge current = bridge;
        if (current == null) {
            throw new PushException("the gateway's bus is not running (not started yet or shut down); "
                    + "push for '" + push.opType() + "' not accepted");
        }
        current.publish(push);
    }

    @Override
    public synchronized void stop() {
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }
}
