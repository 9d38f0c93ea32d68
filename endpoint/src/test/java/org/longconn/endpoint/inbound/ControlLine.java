package org.longconn.endpoint.inbound;

import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.longconn.api.push.Push;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.bus.PushHandler;
import org.longconn.endpoint.presence.ClusterPresence;

/**
 * A control channel between test nodes: what a node sends waits here until the test delivers it
 * to every node (the sender included, as the broker does), or loses it. Carries no pushes.
 */
final class ControlLine {

    private final Deque<String> waiting = new ArrayDeque<>();
    private final List<ClusterPresence> nodes = new ArrayList<>();

    /** The bus one node sends on. */
    Bus bus() {
        return new Bus() {
            @Override
            public void start(PushHandler handler) {}

            @Override
            public CompletionStage<Void> publish(Push push) {
                throw new UnsupportedOperationException("the control line carries no pushes");
            }

            @Override
            public void stop() {}

            @Override
            public void onControl(Consumer<String> listener) {}

            @Override
            public synchronized boolean sendControl(String json) {
                synchronized (ControlLine.this) {
                    waiting.add(json);
                }
                return true;
            }

            @Override
            public State state() {
                return State.CONNECTED;
            }
        };
    }

    synchronized void attach(ClusterPresence node) {
        nodes.add(node);
    }

    /** Delivers every waiting message, and what they cause, to every node. */
    void deliverAll() {
        String json;
        while ((json = next()) != null) {
            JsonObject message = InboundFixture.json(json);
            for (ClusterPresence node : List.copyOf(nodes)) {
                node.received(message);
            }
        }
    }

    /** Drops the waiting messages, as a broker outage would. */
    synchronized List<String> loseAll() {
        List<String> lost = List.copyOf(waiting);
        waiting.clear();
        return lost;
    }

    private synchronized String next() {
        return waiting.poll();
    }
}
