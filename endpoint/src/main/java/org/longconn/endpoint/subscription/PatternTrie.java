package org.longconn.endpoint.subscription;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.longconn.api.OpTypes;

/**
 * Patterns by segment. Matching an opType of n segments visits only the trie paths that can
 * match it; patterns on unrelated prefixes are never looked at. Not thread-safe: guarded by
 * {@link DefaultSubscriptionIndex}.
 */
final class PatternTrie {

    private final Node root = new Node();
    private int size;

    boolean add(String pattern, String sessionId) {
        Node node = root;
        for (String segment : split(pattern)) {
            node = node.children.computeIfAbsent(segment, s -> new Node());
        }
        boolean added = node.sessions.add(sessionId);
        if (added) {
            size++;
        }
        return added;
    }

    boolean remove(String pattern, String sessionId) {
        boolean removed = remove(root, split(pattern), 0, sessionId);
        if (removed) {
            size--;
        }
        return removed;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds to {@code out} every session whose pattern matches {@code opType}. */
    void collect(String opType, Collection<String> out) {
        collect(root, split(opType), 0, out, null);
    }

    /**
     * Walks the trie along {@code segments}. Without {@code #} this is a tree walk that meets no
     * node twice; below a {@code #} (which spans any number of segments) patterns such as
     * {@code #.#.#} reach the same node at the same index along many paths, so from the first
     * {@code #} on each (node, index) is visited once, or the walk grows exponentially. The memo is
     * only allocated then: pushes matched against {@code *}-only patterns allocate nothing.
     */
    private static void collect(
            Node node, String[] segments, int i, Collection<String> out, Map<Node, BitSet> visited) {
        if (visited != null) {
            BitSet seen = visited.computeIfAbsent(node, n -> new BitSet(segments.length + 1));
            if (seen.get(i)) {
                return;
            }
            seen.set(i);
        }
        Node many = node.children.get(OpTypes.ANY_MANY);
        Map<Node, BitSet> memo = many == null || visited != null ? visited : new IdentityHashMap<>();
        if (i == segments.length) {
            out.addAll(node.sessions);
            if (many != null) {
                collect(many, segments, i, out, memo);
            }
            return;
        }
        Node exact = node.children.get(segments[i]);
        if (exact != null) {
            collect(exact, segments, i + 1, out, visited);
        }
        Node one = node.children.get(OpTypes.ANY_ONE);
        if (one != null) {
            collect(one, segments, i + 1, out, visited);
        }
        if (many != null) {
            for (int next = i; next <= segments.length; next++) {
                collect(many, segments, next, out, memo);
            }
        }
    }

    private static boolean remove(Node node, String[] segments, int i, String sessionId) {
        if (i == segments.length) {
            return node.sessions.remove(sessionId);
        }
        Node child = node.children.get(segments[i]);
        if (child == null || !remove(child, segments, i + 1, sessionId)) {
            return false;
        }
        if (child.sessions.isEmpty() && child.children.isEmpty()) {
            node.children.remove(segments[i]);
        }
        return true;
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>(4);
        final Set<String> sessions = new HashSet<>(4);
    }

    private static String[] split(String value) {
        return value.split("\\.", -1);
    }
}
