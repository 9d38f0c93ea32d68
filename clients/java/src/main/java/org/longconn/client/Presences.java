package org.longconn.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.longconn.api.OpTypes;

/**
 * The opTypes whose members the client watches (PROTOCOL.md §18): their watchers, the view of each
 * (the last snapshot with the joins and leaves since), the {@code watchPresence} futures waiting
 * for the server's answer, and which of the current session's subscribes asked presence for what.
 * A watched opType is subscribed, so the client holds it as it holds one with listeners.
 *
 * <p>A subscribe that asks presence for an opType the session already holds (or has asked for) is
 * a re-check: the server refusing it leaves the subscription, and the watch it had, as they were.
 * One that asks for an opType the session does not hold makes the subscription: refused, there is
 * neither, and the client subscribes again without presence if it has listeners for the opType.
 *
 * <p>Not locked itself: the client calls it under its own lock, with its subscriptions. What must
 * run without that lock (watchers, futures) is handed back to be run after it.
 */
final class Presences {

    /**
     * The code of a {@link SubscriptionFailedException} when the server subscribed but did not say
     * {@code presence}: a gateway that does not know presence.
     */
    static final String UNAVAILABLE = "presence_unavailable";

    // The client's name: this is the client's log, and apps configure it by that name.
    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    /** What the client does after a {@code subscribed} frame, besides running {@code outcomes}. */
    record Answer(
            List<Runnable> outcomes, Set<String> refused, List<String> subscribeAgain, List<String> unsubscribe) {}

    private record Waiting(Consumer<PresenceView> watcher, CompletableFuture<Void> answered) {}

    /** A subscribe that asked presence: for which opTypes, and which of them the session held already. */
    private record Asked(Set<String> opTypes, Set<String> held) {}

    private final Map<String, List<Consumer<PresenceView>>> watchers = new LinkedHashMap<>();
    private final Map<String, List<Waiting>> waiting = new HashMap<>();
    private final Map<String, PresenceView> views = new HashMap<>();
    /** By request id; only the current session's. */
    private final Map<String, Asked> asked = new HashMap<>();

    /**
     * Checks that {@code opType} can be watched.
     *
     * @throws IllegalArgumentException when it is not a valid opType, or is a pattern
     */
    static void requireExact(String opType) {
        String problem = OpTypes.validatePattern(opType, Integer.MAX_VALUE);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (OpTypes.isPattern(opType)) {
            throw new IllegalArgumentException("presence is for exact opTypes, not patterns: " + opType);
        }
    }

    boolean watches(String opType) {
        return watchers.containsKey(opType);
    }

    /** The watched ones among {@code opTypes}, in their order. */
    List<String> watched(Collection<String> opTypes) {
        return opTypes.stream().filter(watchers::containsKey).toList();
    }

    List<String> opTypes() {
        return List.copyOf(watchers.keySet());
    }

    Optional<PresenceView> view(String opType) {
        return Optional.ofNullable(views.get(opType));
    }

    /**
     * Whether a subscribe that makes {@code opType}'s subscription (it was not held when sent)
     * waits for its answer: a listener registered meanwhile waits for it too.
     */
    boolean subscribing(String opType) {
        return asked.values().stream()
                .anyMatch(a -> a.opTypes().contains(opType) && !a.held().contains(opType));
    }

    /** Adds {@code watcher}; the future completes with the answer to the subscribe that asks for it. */
    CompletableFuture<Void> watch(String opType, Consumer<PresenceView> watcher) {
        watchers.computeIfAbsent(opType, key -> new ArrayList<>()).add(watcher);
        CompletableFuture<Void> answered = new CompletableFuture<>();
        waiting.computeIfAbsent(opType, key -> new ArrayList<>()).add(new Waiting(watcher, answered));
        return answered;
    }

    /**
     * Removes {@code watcher} (once, if it was added more than once); its future, if still waiting,
     * is cancelled.
     *
     * @return whether {@code opType} lost its last watcher (and had this one): its view goes
     */
    boolean unwatch(String opType, Consumer<PresenceView> watcher) {
        List<Consumer<PresenceView>> list = watchers.get(opType);
        if (list == null || !list.remove(watcher)) {
            return false;
        }
        List<Waiting> pending = waiting.getOrDefault(opType, List.of());
        pending.stream().filter(w -> w.watcher() == watcher).findFirst().ifPresent(w -> {
            pending.remove(w);
            w.answered().cancel(false);
        });
        if (!list.isEmpty()) {
            return false;
        }
        end(opType);
        return true;
    }

    /** A subscribe with {@code id} goes out asking presence for {@code opTypes}; {@code held} were held already. */
    void asked(String id, Collection<String> opTypes, Collection<String> held) {
        if (!opTypes.isEmpty()) {
            Set<String> already = new HashSet<>(held);
            already.retainAll(opTypes);
            asked.put(id, new Asked(Set.copyOf(opTypes), already));
        }
    }

    /**
     * A session starts: the subscribes of the last will not be answered (the first subscribe of this
     * one asks again). The views stay until the new snapshots replace them.
     */
    void started() {
        asked.clear();
    }

    /** The futures that will never be answered: the connection ended for good. The watchers stay. */
    List<CompletableFuture<Void>> abandon() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        waiting.values().forEach(list -> list.forEach(w -> all.add(w.answered())));
        waiting.clear();
        return all;
    }

    /**
     * The server's answer to a subscribe: settles the watches it asked for. {@code listened} tells
     * the opTypes the client holds for their pushes (listeners, or made by the server).
     *
     * @return what to run after the lock; the failed results that are presence's to settle (not a
     *     failed subscription to the client's listeners: {@code refused}); the opTypes to subscribe
     *     to again without presence, resumed; those to unsubscribe, no longer needed
     */
    Answer subscribed(JsonObject frame, Predicate<String> listened) {
        Answer answer = new Answer(new ArrayList<>(), new HashSet<>(), new ArrayList<>(), new ArrayList<>());
        Asked request = asked.remove(frame.getString("id", ""));
        if (request == null) {
            return answer; // asked no presence: the server's own, or the client's plain subscribe
        }
        for (JsonValue value : frame.getJsonArray("results")) {
            JsonObject result = value.asJsonObject();
            String opType = result.getString("opType");
            if (request.opTypes().contains(opType)) {
                settle(opType, result, request.held().contains(opType), listened.test(opType), answer);
            }
        }
        return answer;
    }

    private void settle(String opType, JsonObject result, boolean held, boolean listened, Answer answer) {
        boolean ok = result.getBoolean("ok");
        List<Waiting> answered = Optional.ofNullable(waiting.remove(opType)).orElse(List.of());
        if (ok && result.getBoolean("presence", false)) {
            answered.forEach(w -> answer.outcomes().add(() -> w.answered().complete(null)));
            if (!watches(opType) && !listened) {
                answer.unsubscribe().add(opType); // unwatched while asked, and nothing else keeps it
            }
            return;
        }
        SubscriptionFailedException failure = ok
                ? new SubscriptionFailedException(
                        opType, UNAVAILABLE, "the gateway subscribed without presence: it does not support it")
                : new SubscriptionFailedException(
                        opType, result.getString("code", ""), result.getString("message", ""));
        if (!ok && held) {
            // A re-check refused: the watchers that asked go, a watch the server had stays.
            answered.forEach(w -> remove(opType, w.watcher()));
        } else {
            end(opType); // no watch at all
        }
        if (!ok) {
            answer.refused().add(opType);
        }
        boolean subscribed = ok || held;
        if (!watches(opType)) {
            if (listened && !subscribed) {
                answer.subscribeAgain().add(opType); // its listeners still want its pushes
            } else if (!listened && subscribed) {
                answer.unsubscribe().add(opType);
            }
        }
        if (answered.isEmpty()) {
            answer.outcomes().add(() -> LOG.log(System.Logger.Level.WARNING, "presence: " + failure.getMessage()));
        }
        answered.forEach(w -> answer.outcomes().add(() -> w.answered().completeExceptionally(failure)));
    }

    /**
     * A {@code presence}, {@code join} or {@code leave} frame: the new view of a watched opType, and
     * its delivery to the watchers, to run after the lock. Frames of opTypes not watched, and
     * changes before any snapshot, are ignored.
     */
    Runnable received(JsonObject frame) {
        String opType = frame.getString("opType", "");
        List<Consumer<PresenceView>> list = watchers.get(opType);
        PresenceView held = views.get(opType);
        boolean snapshot = "presence".equals(frame.getString("type"));
        if (list == null || (!snapshot && held == null)) {
            return () -> {};
        }
        PresenceView view = snapshot ? PresenceFrames.snapshot(frame) : PresenceFrames.changed(held, frame);
        views.put(opType, view);
        List<Consumer<PresenceView>> told = List.copyOf(list);
        return () -> deliver(view, told);
    }

    /** Calls each watcher; one that throws is logged and does not keep the others from theirs. */
    private static void deliver(PresenceView view, List<Consumer<PresenceView>> told) {
        for (Consumer<PresenceView> watcher : told) {
            try {
                watcher.accept(view);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "presence watcher for " + view.opType() + " failed", e);
            }
        }
    }

    private void remove(String opType, Consumer<PresenceView> watcher) {
        List<Consumer<PresenceView>> list = watchers.get(opType);
        if (list != null && list.remove(watcher) && list.isEmpty()) {
            end(opType);
        }
    }

    /** {@code opType} is no longer watched: its watchers and view go; its futures were taken. */
    private void end(String opType) {
        watchers.remove(opType);
        views.remove(opType);
        List<Waiting> left = waiting.remove(opType);
        if (left != null) {
            left.forEach(w -> w.answered().cancel(false));
        }
    }
}
