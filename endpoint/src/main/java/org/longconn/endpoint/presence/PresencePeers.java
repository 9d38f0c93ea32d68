package org.longconn.endpoint.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node knows of the other nodes' presence messages: for each node, the run (its
 * incarnation) and the last message number applied, when it was last heard from, and when this
 * node last asked it for its table. It decides when a node's table must be asked for (a message
 * was missed) and when a node is gone (not heard from within the lease). Not thread-safe: {@link
 * ClusterPresence} guards it.
 */
final class PresencePeers {

    /** Not asked yet (far enough in the past that subtracting it from a clock does not overflow). */
    private static final long NEVER = Long.MIN_VALUE / 2;

    /** What is known of one node. */
    private static final class Peer {
        long incarnation;
        long seq;
        long heardMillis;
        long askedMillis = NEVER;

        Peer(long incarnation, long heardMillis) {
            this.incarnation = incarnation;
            this.heardMillis = heardMillis;
        }
    }

    /** What to do with a message of a node, besides applying it. */
    enum Verdict {
        /** Apply it. */
        APPLY,
        /** An old one (already applied or covered by a table): drop it. */
        STALE,
        /** Apply it, and ask the node for its table: a message before it was missed. */
        APPLY_AND_ASK
    }

    private final long leaseMillis;
    private final long askAgainMillis;
    private final Map<String, Peer> peers = new HashMap<>();

    /**
     * @param leaseMillis a node not heard from this long is gone
     * @param askAgainMillis how long an unanswered request for a node's table waits before the next
     */
    PresencePeers(long leaseMillis, long askAgainMillis) {
        this.leaseMillis = leaseMillis;
        this.askAgainMillis = askAgainMillis;
    }

    /**
     * Node {@code node}, in its run {@code incarnation}, was heard from.
     *
     * @return whether it is a new run of a node known before: its old entries must be dropped
     */
    boolean heard(String node, long incarnation, long nowMillis) {
        Peer peer = peers.get(node);
        if (peer == null) {
            peers.put(node, new Peer(incarnation, nowMillis));
            return false;
        }
        peer.heardMillis = nowMillis;
        if (peer.incarnation != incarnation) {
            peer.incarnation = incarnation;
            peer.seq = 0;
            peer.askedMillis = NEVER;
            return true;
        }
        return false;
    }

    /** Message {@code seq} of a node just {@link #heard}: whether and how to apply it. */
    Verdict changes(String node, long seq) {
        Peer peer = peers.get(node);
        if (seq <= peer.seq) {
            return Verdict.STALE;
        }
        boolean missed = seq > peer.seq + 1;
        peer.seq = seq;
        return missed ? Verdict.APPLY_AND_ASK : Verdict.APPLY;
    }

    /** A table of a node just {@link #heard}, as of its message {@code seq}: whether to take it. */
    boolean table(String node, long seq) {
        Peer peer = peers.get(node);
        if (seq < peer.seq) {
            return false;
        }
        peer.seq = seq;
        peer.askedMillis = NEVER;
        return true;
    }

    /** Whether a node just {@link #heard}, which says it sent up to {@code seq}, has sent what was not applied. */
    boolean behind(String node, long seq) {
        return seq > peers.get(node).seq;
    }

    /**
     * Whether to ask {@code node} for its table now: not when a request is under way (sent less than
     * the ask-again time ago). Records the request.
     */
    boolean ask(String node, long nowMillis) {
        Peer peer = peers.get(node);
        if (peer == null || nowMillis - peer.askedMillis < askAgainMillis) {
            return false;
        }
        peer.askedMillis = nowMillis;
        return true;
    }

    /** Forgets {@code node} (it said it stops). */
    void forget(String node) {
        peers.remove(node);
    }

    /** Forgets and returns the nodes not heard from within the lease. */
    List<String> expire(long nowMillis) {
        List<String> gone = new ArrayList<>();
        peers.entrySet().removeIf(entry -> {
            boolean expired = nowMillis - entry.getValue().heardMillis > leaseMillis;
            if (expired) {
                gone.add(entry.getKey());
            }
            return expired;
        });
        return gone;
    }

    /** Whether {@code node} is known (heard from within the lease). */
    boolean knows(String node) {
        return peers.containsKey(node);
    }
}
