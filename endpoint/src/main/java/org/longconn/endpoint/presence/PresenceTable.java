package org.longconn.endpoint.presence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's members as this node knows them: for each node, opType → user → how many of the
 * node's sessions hold the subscription; and the sums over the nodes, which say who is a member.
 * Every change that makes a user a member of an opType, or no longer one, is reported as a {@link
 * Change}. Not thread-safe: {@link ClusterPresence} guards it.
 */
final class PresenceTable {

    /**
     * A user joined ({@code sessions > 0}: its sessions on the opType cluster-wide) or left
     * ({@code sessions == 0}) an opType.
     */
    record Change(String opType, String user, int sessions) {
        boolean joined() {
            return sessions > 0;
        }
    }

    private final Map<String, Map<String, Map<String, Integer>>> byNode = new HashMap<>();
    private final Map<String, SortedMap<String, Integer>> totals = new HashMap<>();

    /** Node {@code node} has {@code count} sessions of {@code user} on {@code opType} now. */
    void set(String node, String opType, String user, int count, List<Change> changes) {
        Map<String, Map<String, Integer>> entries = byNode.computeIfAbsent(node, n -> new HashMap<>());
        Map<String, Integer> users = entries.computeIfAbsent(opType, o -> new HashMap<>());
        Integer was = count > 0 ? users.put(user, count) : users.remove(user);
        if (users.isEmpty()) {
            entries.remove(opType);
            if (entries.isEmpty()) {
                byNode.remove(node);
            }
        }
        int delta = count - (was == null ? 0 : was);
        if (delta != 0) {
            addToTotal(opType, user, delta, changes);
        }
    }

    /** How many sessions of {@code user} node {@code node} has on {@code opType}. */
    int count(String node, String opType, String user) {
        Map<String, Map<String, Integer>> entries = byNode.get(node);
        Map<String, Integer> users = entries == null ? null : entries.get(opType);
        Integer count = users == null ? null : users.get(user);
        return count == null ? 0 : count;
    }

    /** Replaces everything of {@code node} with {@code entries} (opType → user → count). */
    void replace(String node, Map<String, Map<String, Integer>> entries, List<Change> changes) {
        Map<String, Map<String, Integer>> old = copyOf(node);
        old.forEach((opType, users) -> users.forEach((user, count) -> {
            Map<String, Integer> now = entries.get(opType);
            if (now == null || !now.containsKey(user)) {
                set(node, opType, user, 0, changes);
            }
        }));
        entries.forEach((opType, users) -> users.forEach((user, count) -> set(node, opType, user, count, changes)));
    }

    /** Forgets node {@code node} (it stopped, or its lease ran out). */
    void drop(String node, List<Change> changes) {
        replace(node, Map.of(), changes);
    }

    /** Node {@code node}'s entries, copied: opType → user → count. */
    Map<String, Map<String, Integer>> copyOf(String node) {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        byNode.getOrDefault(node, Map.of()).forEach((opType, users) -> copy.put(opType, new HashMap<>(users)));
        return copy;
    }

    /** The nodes that have entries. */
    Set<String> nodes() {
        return Set.copyOf(byNode.keySet());
    }

    /** The members of {@code opType}, user → sessions cluster-wide, ordered by user (a live view). */
    SortedMap<String, Integer> members(String opType) {
        SortedMap<String, Integer> members = totals.get(opType);
        return members == null ? Collections.emptySortedMap() : members;
    }

    /** The opTypes that have members. */
    List<String> opTypes() {
        return new ArrayList<>(totals.keySet());
    }

    private void addToTotal(String opType, String user, int delta, List<Change> changes) {
        SortedMap<String, Integer> members = totals.computeIfAbsent(opType, o -> new TreeMap<>());
        int was = members.getOrDefault(user, 0);
        int now = Math.max(0, was + delta);
        if (now > 0) {
            members.put(user, now);
        } else {
            members.remove(user);
            if (members.isEmpty()) {
                totals.remove(opType);
            }
        }
        if (was == 0 && now > 0) {
            changes.add(new Change(opType, user, now));
        } else if (was > 0 && now == 0) {
            changes.add(new Change(opType, user, 0));
        }
    }
}
