package org.longconn.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code registerListener} futures waiting for the server's answer to their opType's
 * subscription. Used under the client's lock; completed outside it.
 */
final class Registrations {

    private final Map<String, List<CompletableFuture<Void>>> waiting = new LinkedHashMap<>();

    boolean isWaiting(String opType) {
        return waiting.containsKey(opType);
    }

    CompletableFuture<Void> add(String opType) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        waiting.computeIfAbsent(opType, key -> new ArrayList<>()).add(answered);
        return answered;
    }

    /** The futures of {@code opType}, no longer waiting (empty when none were). */
    List<CompletableFuture<Void>> take(String opType) {
        List<CompletableFuture<Void>> taken = waiting.remove(opType);
        return taken == null ? List.of() : taken;
    }

    /** Every waiting future, for when the connection ends for good. */
    List<CompletableFuture<Void>> takeAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        return all;
    }
}
