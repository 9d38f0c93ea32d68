package org.longconn.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.longconn.api.bus.Position;

/**
 * What a client is subscribed to: the listeners per opType or pattern, the position to resume
 * each from after a reconnect, and the registrations waiting for the server's answer. It reads the
 * server's {@code subscribed} and {@code gap} answers and keeps the positions moving with the
 * pushes.
 *
 * <p>Not locked itself: the client calls it under its own lock, together with its connection
 * state, so that a subscribe and a resubscribe after a reconnect never cross. What must run
 * without that lock (listeners, futures, the app's callbacks) is handed back to be run after it.
 */
final class Subscriptions {

    private final Listeners listeners = new Listeners();
    private final Registrations registrations = new Registrations();
    /** The last position seen per registered opType, to resume from after a reconnect. */
    private final Map<String, String> positions = new HashMap<>();

    private final Consumer<String> onRecoveryFailed;

    /** A listener added: the future of the server's answer, and whether the client must subscribe. */
    record Registered(CompletableFuture<Void> answered, boolean subscribe) {}

    Subscriptions(Consumer<String> onRecoveryFailed) {
        this.onRecoveryFailed = onRecoveryFailed;
    }

    /**
     * Adds {@code listener}. The first listener of an opType needs a subscription; a later one
     * waits for the same answer, or completes at once when it has come.
     */
    Registered register(String opType, Consumer<ReceivedPush> listener) {
        boolean first = listeners.add(opType, listener);
        if (!first && !registrations.isWaiting(opType)) {
            return new Registered(CompletableFuture.completedFuture(null), false);
        }
        return new Registered(registrations.add(opType), first);
    }

    /** @return whether {@code opType} lost its last listener (unsubscribe it) */
    boolean remove(String opType, Consumer<ReceivedPush> listener) {
        return listeners.remove(opType, listener);
    }

    /** @return whether {@code opType} had listeners (unsubscribe it) */
    boolean removeAll(String opType) {
        return listeners.removeAll(opType);
    }

    /** {@code opType} is unsubscribed: its position goes, and so do registrations still waiting. */
    void forget(String opType) {
        positions.remove(opType);
        registrations.take(opType).forEach(f -> f.cancel(false));
    }

    /** The opTypes to subscribe to again after a reconnect. */
    List<String> opTypes() {
        return listeners.opTypes();
    }

    /** The position each of {@code opTypes} resumes from (those that have one). */
    Map<String, String> resumeFrom(List<String> opTypes) {
        Map<String, String> from = new HashMap<>(positions);
        from.keySet().retainAll(opTypes);
        return from;
    }

    /** Registrations that will never be answered: the connection ended for good. */
    List<CompletableFuture<Void>> abandon() {
        return registrations.takeAll();
    }

    /** Moves the positions of the opTypes {@code push} matches; returns its listeners, to call after. */
    List<Consumer<ReceivedPush>> pushed(ReceivedPush push) {
        if (push.position() != null) {
            for (String key : listeners.keysMatching(push.opType())) {
                positions.put(key, push.position());
            }
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
            if (listeners.count(opType) > 0) {
                positions.put(opType, position);
                outcomes.add(() -> onRecoveryFailed.accept(opType));
            }
        }
        return outcomes;
    }

    /** The server's answer to a subscribe: what to complete, fail or report, to run after. */
    List<Runnable> subscribed(JsonObject frame, System.Logger log) {
        List<Runnable> outcomes = new ArrayList<>();
        for (JsonValue value : frame.getJsonArray("results")) {
            JsonObject result = value.asJsonObject();
            String opType = result.getString("opType");
            List<CompletableFuture<Void>> waiting = registrations.take(opType);
            if (result.getBoolean("ok")) {
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
                }
                // Recovered: the position stays until the replayed pushes move it, so a drop
                // before the replay arrives resumes from the same place again.
                waiting.forEach(f -> outcomes.add(() -> f.complete(null)));
            } else {
                // The server will not deliver it: its listeners go, and whoever registered learns why.
                listeners.removeAll(opType);
                positions.remove(opType);
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
     * The later of two positions ("epoch-seq"): within one epoch the higher sequence number (a node
     * behind the client answers with an older one), else the newer epoch, which is {@code answer}.
     */
    private static String later(String held, String answer) {
        Position a = Position.parse(held);
        Position b = Position.parse(answer);
        return a != null && b != null && b.isCoveredBy(a) ? held : answer;
    }
}
