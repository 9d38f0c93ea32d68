package org.longconn.endpoint.bus;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.remoting.impl.netty.SharedEventLoopGroup;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.bridge.ArtemisBridge;
import org.longconn.bridge.BridgeSettings;
import org.longconn.bridge.ForwardException;
import org.longconn.bridge.InboundReply;
import org.longconn.bridge.InboundRequest;

/**
 * The bus across nodes: pushes go to the Artemis broker and come back to every node, this one
 * included, through its own subscription. A push made on this node therefore takes the same path,
 * and keeps the same order, as one published by any other service. The same broker link forwards
 * client messages and calls of remote opTypes to services.
 */
public final class ArtemisBus implements Bus {

    private static final long CLIENT_THREADS_GRACE_MS = 5_000;

    private final ArtemisBridge bridge;
    private volatile PushHandler handler;
    private volatile Consumer<String> control;
    private boolean started;

    /** @param replies receives the services' replies to this node's forwarded calls */
    public ArtemisBus(BridgeSettings settings, Consumer<InboundReply> replies) {
        this.bridge = new ArtemisBridge(
                settings,
                new ArtemisBridge.Listener() {
                    @Override
                    public void onPush(Push push, long publishedAt, Position position) {
                        received(push, publishedAt, position);
                    }

                    @Override
                    public void onMissed(Position through) {
                        PushHandler current = handler;
                        if (current != null) {
                            current.onMissed(through);
                        }
                    }

                    @Override
                    public void onControl(String json) {
                        Consumer<String> current = control;
                        if (current != null) {
                            current.accept(json);
                        }
                    }
                },
                replies);
    }

    private void received(Push push, long publishedAt, Position position) {
        PushHandler current = handler;
        if (current != null) {
            current.onPush(push, publishedAt, position);
        }
    }

    @Override
    public synchronized void start(PushHandler handler) {
        if (started) {
            throw new IllegalStateException("bus already started");
        }
        started = true;
        this.handler = handler;
        bridge.start();
    }

    @Override
    public CompletionStage<Void> publish(Push push) {
        return bridge.publish(push);
    }

    @Override
    public void onControl(Consumer<String> listener) {
        this.control = listener;
    }

    @Override
    public boolean sendControl(String json) {
        return bridge.sendControl(json);
    }

    @Override
    public State state() {
        if (handler == null) {
            return State.STOPPED;
        }
        return bridge.isConnected() ? State.CONNECTED : State.DISCONNECTED;
    }

    /**
     * Forwards a client message or call to the services, without waiting for the broker.
     *
     * @throws org.longconn.bridge.ForwardException when the broker cannot take it now
     */
    public void forward(InboundRequest request, Consumer<ForwardException> refused) {
        bridge.forward(request, refused);
    }

    @Override
    public synchronized void stop() {
        handler = null;
        // Control messages still arriving while the broker connection closes are dropped here, as
        // pushes are: handled, they would load classes of an application that is going away (seen
        // as NoClassDefFoundError on an Artemis thread during an undeploy on Payara).
        control = null;
        bridge.close();
        // The Artemis client's global thread pools and its shared Netty event loop live as long as
        // its classes, which this WAR alone loads: without this they outlive an undeploy and pin
        // the old class loader (RedeployIT and RedeployOnAppServerIT count them). The event loop
        // normally ends once its last connector closed, but after a two-node run with forwarded
        // calls six of its threads were seen still running 30 s after undeploy, with no broker
        // connection left; the connector that kept it was not identified.
        ActiveMQClient.clearThreadPools();
        SharedEventLoopGroup.forceShutdown();
        awaitClientThreads();
    }

    /**
     * Waits (at most {@value #CLIENT_THREADS_GRACE_MS} ms) for the Artemis client's own threads to
     * end: its event loop shuts down asynchronously, and a thread still running once the
     * application's class loader is closed fails on the next class it loads ("ClassLoader is not
     * in expected state", seen on activemq-client threads after an undeploy and on node restarts).
     * Only threads of this application's copy of the client are waited for: they carry its class
     * loader.
     */
    private static void awaitClientThreads() {
        ClassLoader client = ActiveMQClient.class.getClassLoader();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_THREADS_GRACE_MS);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread == Thread.currentThread()
                    || thread.getContextClassLoader() != client
                    || !thread.getName().contains("activemq")) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
