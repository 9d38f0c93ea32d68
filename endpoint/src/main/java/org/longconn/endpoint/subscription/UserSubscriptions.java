package org.longconn.endpoint.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscriptions the application made for users (PROTOCOL.md §17), which every new session of
 * the user gets: kept in memory on every node, each node applying the same changes from the
 * control channel, and copied to a node when it joins. Bounded: {@value #MAX_USERS} users.
 * Thread-safe.
 */
@ApplicationScoped
public class UserSubscriptions {

    /** Users whose subscriptions are kept; beyond it a new user's are refused. */
    public static final int MAX_USERS = 100_000;

    private final Map<String, Set<String>> byUser = new HashMap<>();

    /**
     * Adds {@code opType} to {@code userId}'s subscriptions.
     *
     * @param maxPerUser the most a user may hold (a session's cap)
     * @return whether it is held now (it may have been already); {@code false} beyond a bound
     */
    public synchronized boolean add(String userId, String opType, int maxPerUser) {
        Set<String> held = byUser.get(userId);
        if (held == null) {
            if (byUser.size() >= MAX_USERS) {
                return false;
            }
            held = new LinkedHashSet<>();
            byUser.put(userId, held);
        }
        if (held.contains(opType)) {
            return true;
        }
        if (held.size() >= maxPerUser) {
            return false;
        }
        return held.add(opType);
    }

    /** Removes {@code opType} from {@code userId}'s subscriptions. */
    public synchronized void remove(String userId, String opType) {
        Set<String> held = byUser.get(userId);
        if (held != null && held.remove(opType) && held.isEmpty()) {
            byUser.remove(userId);
        }
    }

    /** {@code userId}'s subscriptions, in the order they were made. */
    public synchronized List<String> of(String userId) {
        Set<String> held = byUser.get(userId);
        return held == null ? List.of() : List.copyOf(held);
    }

    /** All of them, for a node that joins. */
    public synchronized Map<String, List<String>> copy() {
        Map<String, List<String>> copy = new HashMap<>();
        byUser.forEach((user, held) -> copy.put(user, List.copyOf(held)));
        return copy;
    }

    /** Takes in another node's copy (what this node already holds stays). */
    public void merge(Map<String, List<String>> copy, int maxPerUser) {
        copy.forEach((user, opTypes) -> opTypes.forEach(opType -> add(user, opType, maxPerUser)));
    }
}
