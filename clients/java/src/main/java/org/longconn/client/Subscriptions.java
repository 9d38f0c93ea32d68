package org.longconn.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.Position;

/**
 * What a client is subscribed to: the listeners per opType or pattern, the position to resume
 * each from after a reconnect, and the registrations waiting for the server's answer. It reads the
 * server's {@code subscribed} and {@code gap} answers and keeps the positions moving with the
 * pushes. It also holds the subscriptions the server made for the session (PROTOCOL.md §17) like
 * the client's own: their positions move, they are subscribed again after a reconnect, and
 * listeners registered for them need no subscribe of their own. An opType the client watches the
 * members of ({@link Presences}) is subscribed too: listeners for it need no subscribe either, and
 * its position moves with its pushes, but it is resumed from it only when it has listeners.
 *
 * <p>Not locked itself: the client calls it under its own lock, together with its connection
 * state, so that a subscribe and a resubscribe after a reconnect never cross. What must run
 * without that lock (listeners, futures, the app's callbacks) is handed back to be run after it.
 */
final class Subscriptions {

    private final Listeners listeners = new Listeners();
    private final Registrations registrations = new Registrations();
    /** The last position seen per registered or server-made opType, to resume from after a reconnect. */
    private final Map<String, String> positions = new HashMap<>();
    /** The opTypes the server subscribed the session to ({@code server: true}), until it takes them back. */
    private final Set<String> serverMade = new LinkedHashSet<>();

    private final Consumer<String> onRecoveryFailed;
    private final Consumer<ServerSubscription> onServerSubscription;
    private final Presences presences;

    /** A listener added: the future of the server's answer, and whether the client must subscribe. */
    record Registered(CompletableFuture<Void> answered, boolean subscribe) {}

    Subscriptions(Consumer<String> onRecoveryFailed, Consumer<ServerSubscription> onServerSubscription) {
        this(onRecoveryFailed, onServerSubscription, new Presences());
    }

    Subscriptions(
            Consumer<String> onRecoveryFailed, Consumer<ServerSubscription> onServerSubscription, Presences presences) {
        this.onRecoveryFailed = onRecoveryFailed;
        this.onServerSubscription = onServerSubscription;
        this.presences = presences;
    }

    /**
     * Adds {@code listener}. The first listener of an opType needs a subscription, unless the server
     * made it or it is watched; a later one waits for the same answer (or that of the watch's
     * subscribe), or completes at once when it has come.
     */
    Registered register(String opType, Consumer<ReceivedPush> listener) {
        boolean first = listeners.add(opType, listener);
        boolean asked = !first || presences.watches(opType);
        boolean waiting = registrations.isWaiting(opType) || presences.subscribing(opType);
        if (serverMade.contains(opType) || (asked && !waiting)) {
            return new Registered(CompletableFuture.completedFuture(null), false);
        }
        return new Registered(registrations.add(opType), !asked);
    }

    /**
     * @return whether {@code opType} lost its last listener and is neither server-made nor watched
     *     (unsubscribe it)
     */
    boolean remove(String opType, Consumer<ReceivedPush> listener) {
        return listeners.remove(opType, listener) && !serverMade.contains(opType) && !presences.watches(opType);
    }

    /** @return whether {@code opType} had listeners and is neither server-made nor watched (unsubscribe it) */
    boolean removeAll(String opType) {
        return listeners.removeAll(opType) && !serverMade.contains(opType) && !presences.watches(opType);
    }

    /** Whether {@code opType} is held for its pushes: it has listeners, or the server made it. */
    boolean holds(String opType) {
        return listeners.count(opType) > 0 || serverMade.contains(opType);
    }

    /** {@code opType} is unsubscribed: its position goes, and so do registrations still waiting. */
    void forget(String opType) {
        positions.remove(opType);
        registrations.take(opType).forEach(f -> f.cancel(false));
    }

    /** The opTypes to subscribe to again after a reconnect: those with listeners, and the server-made. */
    List<String> opTypes() {
        Set<String> all = new LinkedHashSet<>(listeners.opTypes());
        all.addAll(serverMade);
        return List.copyOf(all);
    }

    /**
     * The position each of {@code opTypes} resumes from (those held for their pushes that have one:
     * a watched opType nobody listens to needs no replay).
     */
    Map<String, String> resumeFrom(Collection<String> opTypes) {
        Map<String, String> from = new HashMap<>(positions);
        from.keySet().retainAll(opTypes);
        from.keySet().removeIf(opType -> !holds(opType));
        return from;
    }

    /** Registrations that will never be answered: the connection ended for good. */
    List<CompletableFuture<Void>> abandon() {
        return registrations.takeAll();
    }

    /** Moves the positions of the opTypes {@code push} matches; returns its listeners, to call after. */
    List<Consumer<ReceivedPush>> pushed(ReceivedPush push) {
        if (push.position() != null) {
            Set<String> keys = new LinkedHashSet<>(listeners.keysMatching(push.opType()));
            for (String held : serverMade) {
                if (OpTypes.matches(held, push.opType())) {
                    keys.add(held);
                }
            }
            if (presences.watches(push.opType())) {
                keys.add(push.opType()); // for listeners registered later: resumed from here
            }
            keys.forEach(key -> positions.put(key, push.position()));
        }
        return listeners.matching(push.opType());
    }

    /**
     * The server's node missed pushes (it was off its broker), so these subscriptions may have
     * too: like {@code recovered: false}, they start afresh from the frame's position and the app
     * reloads their state.
     */
    List<Runnable> gap(JsonObject frame) {
        String position = frame.getString("position");
        List<Runnable> outcomes = new ArrayList<>();
        for (JsonValue value : frame.getJsonArray("opTypes")) {
            String opType = ((JsonString) value).getString();
            if (holds(opType)) {
                positions.put(opType, position);
                outcomes.add(() -> onRecoveryFailed.accept(opType));
            } else if (presences.watches(opType)) {
                positions.put(opType, position); // nobody listens to its pushes: nothing to reload
            }
        }
        return outcomes;
    }

    /**
     * The server's answer to a subscribe, or its {@code subscribed} frame marked {@code server}:
     * what to complete, fail or report, to run after.
     */
    List<Runnable> subscribed(JsonObject frame, System.Logger log) {
        return subscribed(frame, log, Set.of());
    }

    /**
     * As {@link #subscribed(JsonObject, System.Logger)}, leaving alone the failed results of {@code
     * refused}: presence was refused there, and the client settles the subscription ({@link
     * Presences#subscribed}).
     */
    List<Runnable> subscribed(JsonObject frame, System.Logger log, Set<String> refused) {
        if (frame.getBoolean("server", false)) {
            return subscribedByServer(frame);
        }
        List<Runnable> outcomes = new ArrayList<>();
        for (JsonValue value : frame.getJsonArray("results")) {
            JsonObject result = value.asJsonObject();
            String opType = result.getString("opType");
            if (!result.getBoolean("ok") && refused.contains(opType)) {
                continue;
            }
            List<CompletableFuture<Void>> waiting = registrations.take(opType);
            if (result.getBoolean("ok")) {
                positioned(opType, result, outcomes);
                waiting.forEach(f -> outcomes.add(() -> f.complete(null)));
            } else {
                // The server will not deliver it: its listeners go, and whoever registered learns why.
                listeners.removeAll(opType);
                positions.remove(opType);
                serverMade.remove(opType);
                SubscriptionFailedException failure = new SubscriptionFailedException(
                        opType, result.getString("code"), result.getString("message", ""));
                if (waiting.isEmpty()) {
                    outcomes.add(() -> log.log(System.Logger.Level.WARNING, failure.getMessage()));
                }
                waiting.forEach(f -> outcomes.add(() -> f.completeExceptionally(failure)));
            }
        }
        return outcomes;
    }

    /**
     * The server subscribed the session itself: each opType it could subscribe is held from now on
     * like the client's own. One it could not leaves the client's own subscription of that opType,
     * if any, alone: that has an answer of its own.
     */
    private List<Runnable> subscribedByServer(JsonObject frame) {
        List<Runnable> outcomes = new ArrayList<>();
        for (JsonValue value : frame.getJsonArray("results")) {
            JsonObject result = value.asJsonObject();
            String opType = result.getString("opType");
            ServerSubscription told = report(opType, true, result);
            outcomes.add(() -> onServerSubscription.accept(told));
            if (told.ok()) {
                serverMade.add(opType);
                positioned(opType, result, outcomes);
            }
        }
        return outcomes;
    }

    /**
     * The server's {@code unsubscribed} frame marked {@code server}: the session no longer holds
     * those opTypes, whoever subscribed them. One the app has listeners for is subscribed again as
     * the client's own, through {@code subscribeAgain} (called here, under the lock), resuming from
     * its position; the server's checks decide, and a refusal removes its listeners as any refused
     * subscription does. One the app watches is subscribed again too (its watch ended with it). The
     * others are dropped with their positions. An answer to the client's own {@code unsubscribe}
     * needs nothing.
     *
     * @return what to report, to run after
     */
    List<Runnable> unsubscribed(JsonObject frame, Consumer<List<String>> subscribeAgain) {
        List<Runnable> outcomes = new ArrayList<>();
        if (!frame.getBoolean("server", false)) {
            return outcomes;
        }
        List<String> again = new ArrayList<>();
        for (JsonValue value : frame.getJsonArray("results")) {
            JsonObject result = value.asJsonObject();
            String opType = result.getString("opType");
            ServerSubscription told = report(opType, false, result);
            outcomes.add(() -> onServerSubscription.accept(told));
            if (!told.ok()) {
                continue; // not a valid opType: nothing was unsubscribed
            }
            serverMade.remove(opType);
            if (listeners.count(opType) > 0) {
                again.add(opType);
            } else {
                positions.remove(opType);
                if (presences.watches(opType)) {
                    again.add(opType);
                }
            }
        }
        if (!again.isEmpty()) {
            subscribeAgain.accept(again);
        }
        return outcomes;
    }

    private static ServerSubscription report(String opType, boolean subscribed, JsonObject result) {
        return result.getBoolean("ok")
                ? new ServerSubscription(opType, subscribed, true, null, null)
                : new ServerSubscription(
                        opType, subscribed, false, result.getString("code", null), result.getString("message", null));
    }

    /** Moves {@code opType}'s position as a successful result of a {@code subscribed} frame says. */
    private void positioned(String opType, JsonObject result, List<Runnable> outcomes) {
        String position = result.getString("position", null);
        if (!result.containsKey("recovered")) {
            // A new subscription: it has everything from the server's position on.
            if (position != null) {
                positions.merge(opType, position, Subscriptions::later);
            }
        } else if (!result.getBoolean("recovered")) {
            // Start afresh from the server's position: what came before is lost.
            if (position != null) {
                positions.put(opType, position);
            }
            outcomes.add(() -> onRecoveryFailed.accept(opType));
        } else if (position != null) {
            // Recovered: a position held stays until the replayed pushes move it, so a drop before
            // the replay arrives resumes from the same place again. Without one (a server-made
            // subscription, resumed from the session's open), the server's is better than none.
            positions.putIfAbsent(opType, position);
        }
    }

    /**
     * The later of two positions ("epoch-seq"): within one epoch the higher sequence number (a node
     * behind the client answers with an older one), else the newer epoch, which is {@code answer}.
     */
    private static String later(String held, String answer) {
        Position a = Position.parse(held);
        Position b = Position.parse(answer);
        return a != null && b != null && b.isCoveredBy(a) ? held : answer;
    }
}
