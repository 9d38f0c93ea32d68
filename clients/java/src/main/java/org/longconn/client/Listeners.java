package org.longconn.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.longconn.api.OpTypes;

/**
 * Listeners by the opType (or pattern) they were registered for. Tells the client when an opType
 * gets its first listener (subscribe) and loses its last (unsubscribe), so the server sees one
 * subscription per opType however many listeners the app registers.
 */
final class Listeners {

    private final Map<String, List<Consumer<ReceivedPush>>> byOpType = new LinkedHashMap<>();

    /** @return whether this is the opType's first listener */
    synchronized boolean add(String opType, Consumer<ReceivedPush> listener) {
        List<Consumer<ReceivedPush>> list = byOpType.computeIfAbsent(opType, key -> new ArrayList<>());
        list.add(listener);
        return list.size() == 1;
    }

    /** @return whether the opType has no listener left (and had this one) */
    synchronized boolean remove(String opType, Consumer<ReceivedPush> listener) {
        List<Consumer<ReceivedPush>> list = byOpType.get(opType);
        if (list == null || !list.remove(listener)) {
            return false;
        }
        if (list.isEmpty()) {
            byOpType.remove(opType);
            return true;
        }
        return false;
    }

    /** @return whether the opType had listeners */
    synchronized boolean removeAll(String opType) {
        return byOpType.remove(opType) != null;
    }

    synchronized List<String> opTypes() {
        return List.copyOf(byOpType.keySet());
    }

    synchronized int count(String opType) {
        List<Consumer<ReceivedPush>> list = byOpType.get(opType);
        return list == null ? 0 : list.size();
    }

    /** The registered opTypes and patterns that {@code pushOpType} matches. */
    synchronized List<String> keysMatching(String pushOpType) {
        List<String> keys = new ArrayList<>();
        for (String key : byOpType.keySet()) {
            if (OpTypes.matches(key, pushOpType)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Every listener whose opType or pattern matches the push's opType. */
    synchronized List<Consumer<ReceivedPush>> matching(String pushOpType) {
        List<Consumer<ReceivedPush>> matching = new ArrayList<>();
        byOpType.forEach((key, list) -> {
            if (key.equals(pushOpType) || OpTypes.matches(key, pushOpType)) {
                matching.addAll(list);
            }
        });
        return matching;
    }
}
