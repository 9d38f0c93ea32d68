package org.longconn.client;

import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client's subscriptions as an exchange with the server: the listeners and presence watches the
 * app adds and removes, the {@code subscribe} and {@code unsubscribe} frames they take (and a
 * session's resubscribe as it starts), and what comes back for them: the server's answers ({@code
 * subscribed}, {@code unsubscribed}, {@code gap}), pushes, and presence frames. The state is its
 * {@link Subscriptions} and {@link Presences}; this is what sends and answers around them.
 *
 * <p>It holds no lock of its own: it synchronizes on the client's ({@code lock}, the client
 * itself), the lock that also guards the connection's state and the send queue. A subscribe must
 * go out on the socket that is open at the moment its request is recorded, and a listener
 * registering must never cross a session starting and subscribing again; with one lock, neither
 * can. What must run without that lock (listeners, watchers, futures, the app's callbacks) runs
 * after it is released.
 */
final class SubscriptionFlow {

    // The client's name: this is the client's log, and apps configure it by that name.
    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    private final Object lock;
    private final AtomicLong ids;
    private final Connection connection;

    // Guarded by lock.
    private final SendQueue outgoing;
    private final Subscriptions subscriptions;
    private final Presences presences;

    /**
     * @param lock the client's lock, shared with {@code connection}
     * @param ids the client's request ids, shared with its calls and refreshes
     */
    SubscriptionFlow(
            Object lock,
            AtomicLong ids,
            Connection connection,
            SendQueue outgoing,
            Subscriptions subscriptions,
            Presences presences) {
        this.lock = lock;
        this.ids = ids;
        this.connection = connection;
        this.outgoing = outgoing;
        this.subscriptions = subscriptions;
        this.presences = presences;
    }

    /** See {@link LongConnClient#registerListener}; {@code opType} is valid. */
    CompletableFuture<Void> register(String opType, Consumer<ReceivedPush> listener) {
        synchronized (lock) {
            Subscriptions.Registered registered = subscriptions.register(opType, listener);
            if (registered.subscribe() && connection.isOpen()) {
                subscribe("subscribe", List.of(opType));
            }
            return registered.answered();
        }
    }

    /** See {@link LongConnClient#removeListener}. */
    void remove(String opType, Consumer<ReceivedPush> listener) {
        synchronized (lock) {
            if (subscriptions.remove(opType, listener)) {
                unsubscribe(opType);
            }
        }
    }

    /** See {@link LongConnClient#removeListeners}. */
    void removeAll(String opType) {
        synchronized (lock) {
            if (subscriptions.removeAll(opType)) {
                unsubscribe(opType);
            }
        }
    }

    /** See {@link LongConnClient#watchPresence}; {@code opType} is exact. */
    CompletableFuture<Void> watch(String opType, Consumer<PresenceView> listener) {
        synchronized (lock) {
            boolean held = subscriptions.holds(opType) || presences.watches(opType);
            CompletableFuture<Void> answered = presences.watch(opType, listener);
            subscribeOn(connection.openSocket(), List.of(opType), held ? Set.of(opType) : Set.of());
            return answered;
        }
    }

    /** See {@link LongConnClient#unwatchPresence}. */
    void unwatch(String opType, Consumer<PresenceView> listener) {
        synchronized (lock) {
            if (presences.unwatch(opType, listener) && !subscriptions.holds(opType)) {
                unsubscribe(opType);
            }
        }
    }

    /** See {@link LongConnClient#presence}. */
    Optional<PresenceView> presence(String opType) {
        synchronized (lock) {
            return presences.view(opType);
        }
    }

    /** A session starts on {@code socket} (the connection holds the lock): subscribes again to all. */
    void started(WebSocket socket) {
        synchronized (lock) {
            // Resume each opType after the last push it saw (or its subscription point). As the
            // session's first subscribe, it also has the server resume its server-made ones from
            // the client's positions instead of making them afresh (PROTOCOL.md §17), and it asks
            // again for the presence of the watched ones, whose snapshots replace the views.
            presences.started();
            Set<String> all = new LinkedHashSet<>(subscriptions.opTypes());
            all.addAll(presences.opTypes());
            resume(socket, List.copyOf(all));
        }
    }

    /**
     * The connection ended for good (it holds the lock).
     *
     * @return the subscribe and watch answers that will never come, to fail after the lock
     */
    List<CompletableFuture<Void>> abandon() {
        synchronized (lock) {
            List<CompletableFuture<Void>> abandoned = new ArrayList<>(subscriptions.abandon());
            abandoned.addAll(presences.abandon());
            return abandoned;
        }
    }

    /** A push of the current session: positions under the lock, then its listeners after it. */
    void dispatch(ReceivedPush push) {
        List<Consumer<ReceivedPush>> matching;
        synchronized (lock) {
            matching = subscriptions.pushed(push);
        }
        for (Consumer<ReceivedPush> listener : matching) {
            try {
                listener.accept(push);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener for " + push.opType() + " failed", e);
            }
        }
    }

    /**
     * A {@code gap}, {@code subscribed} or {@code unsubscribed} frame: the subscriptions'
     * bookkeeping, then its outcomes.
     */
    void answered(JsonObject frame) {
        List<Runnable> outcomes;
        synchronized (lock) {
            outcomes = switch (frame.getString("type")) {
                case "gap" -> subscriptions.gap(frame);
                case "subscribed" -> subscribed(frame);
                default -> subscriptions.unsubscribed(frame, again -> resume(connection.openSocket(), again));
            };
        }
        outcomes.forEach(Runnable::run);
    }

    /** A {@code presence}, {@code join} or {@code leave} frame: the view under the lock, delivered after it. */
    void presenceChanged(JsonObject frame) {
        Runnable delivery;
        synchronized (lock) {
            delivery = presences.received(frame);
        }
        delivery.run();
    }

    /** Under the lock: presence's part of a {@code subscribed} frame first, then the subscriptions'. */
    private List<Runnable> subscribed(JsonObject frame) {
        Presences.Answer presence = presences.subscribed(frame, subscriptions::holds);
        List<Runnable> outcomes = new ArrayList<>(presence.outcomes());
        outcomes.addAll(subscriptions.subscribed(frame, LOG, presence.refused()));
        resume(connection.openSocket(), presence.subscribeAgain());
        presence.unsubscribe().forEach(this::unsubscribe);
        return outcomes;
    }

    /** Sends a {@code type} frame ({@code subscribe} or {@code unsubscribe}) on the open socket. */
    private void subscribe(String type, List<String> opTypes) {
        synchronized (lock) {
            String id = "s" + ids.incrementAndGet();
            outgoing.write(connection.openSocket(), Frames.subscription(type, id, opTypes));
        }
    }

    /** Subscribes to {@code opTypes} on {@code socket}, as the session does not hold them yet. */
    private void resume(WebSocket socket, List<String> opTypes) {
        synchronized (lock) {
            subscribeOn(socket, opTypes, Set.of());
        }
    }

    /**
     * Subscribes to {@code opTypes} on {@code socket} (not connected: {@code null}, nothing is
     * sent), asking presence for the watched ones. Those it does not hold already ({@code held})
     * resume from their positions.
     */
    private void subscribeOn(WebSocket socket, List<String> opTypes, Set<String> held) {
        synchronized (lock) {
            if (socket != null && !opTypes.isEmpty()) {
                String id = "s" + ids.incrementAndGet();
                List<String> watched = presences.watched(opTypes);
                List<String> fresh =
                        opTypes.stream().filter(op -> !held.contains(op)).toList();
                presences.asked(id, watched, held);
                outgoing.write(
                        socket,
                        Frames.subscription("subscribe", id, opTypes, subscriptions.resumeFrom(fresh), watched));
            }
        }
    }

    private void unsubscribe(String opType) {
        synchronized (lock) {
            subscriptions.forget(opType);
            if (connection.isOpen()) {
                subscribe("unsubscribe", List.of(opType));
            }
        }
    }
}
