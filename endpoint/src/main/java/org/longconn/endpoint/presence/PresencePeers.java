package org.longconn.endpoint.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node knows of the other nodes' presence messages: for each node, the run (its
 * incarnation) and the last message number applied, when it was last heard from, and whether its
 * table is owed (a message was missed) and when it was last asked for. It decides when a node's
 * table must be asked for, again until it comes, and when a node is gone (not heard from within
 * the lease). A run that said it stops is remembered for a lease, so that what it still sends
 * while it shuts down brings none of its members back. Not thread-safe: {@link ClusterPresence}
 * guards it. Times are milliseconds of a monotonic clock.
 */
final class PresencePeers {

    /** Not asked yet (far enough in the past that subtracting it from a clock does not overflow). */
    private static final long NEVER = Long.MIN_VALUE / 2;

    /** What is known of one node. */
    private static final class Peer {
        long incarnation;
        long seq;
        long heardMillis;
        boolean owesTable;
        long askedMillis = NEVER;

        Peer(long incarnation, long heardMillis) {
            this.incarnation = incarnation;
            this.heardMillis = heardMillis;
        }
    }

    /** What {@link #heard} found. */
    enum Heard {
        /** A node known in this run, or new: go on. */
        KNOWN,
        /** A new run of a node known before: drop its old entries, then go on. */
        NEW_RUN,
        /** A run that said it stops: ignore the message. */
        STOPPED
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

    private final long askAgainMillis;
    private long leaseMillis;
    private final Map<String, Peer> peers = new HashMap<>();
    /** Runs that said they stop, by node: their incarnation and when they said it. */
    private final Map<String, long[]> stopped = new HashMap<>();

    /**
     * @param leaseMillis a node not heard from this long is gone
     * @param askAgainMillis how long an unanswered request for a node's table waits before the next
     */
    PresencePeers(long leaseMillis, long askAgainMillis) {
        this.leaseMillis = leaseMillis;
        this.askAgainMillis = askAgainMillis;
    }

    /** The lease, once the cluster's is known. */
    void lease(long millis) {
        this.leaseMillis = millis;
    }

    /** Node {@code node}, in its run {@code incarnation}, was heard from. */
    Heard heard(String node, long incarnation, long nowMillis) {
        long[] stop = stopped.get(node);
        if (stop != null && stop[0] == incarnation) {
            return Heard.STOPPED;
        }
        Peer peer = peers.get(node);
        if (peer == null) {
            peers.put(node, new Peer(incarnation, nowMillis));
            return Heard.KNOWN;
        }
        peer.heardMillis = nowMillis;
        if (peer.incarnation != incarnation) {
            peers.put(node, new Peer(incarnation, nowMillis));
            return Heard.NEW_RUN;
        }
        return Heard.KNOWN;
    }

    /** Message {@code seq} of a node just {@link #heard}: whether and how to apply it. */
    Verdict changes(String node, long seq) {
        Peer peer = peers.get(node);
        if (seq <= peer.seq) {
            return Verdict.STALE;
        }
        boolean missed = seq > peer.seq + 1;
        peer.seq = seq;
        peer.owesTable |= missed;
        return missed ? Verdict.APPLY_AND_ASK : Verdict.APPLY;
    }

    /** A table of a node just {@link #heard}, as of its message {@code seq}: whether to take it. */
    boolean table(String node, long seq) {
        Peer peer = peers.get(node);
        if (seq < peer.seq) {
            return false;
        }
        peer.seq = seq;
        peer.owesTable = false;
        peer.askedMillis = NEVER;
        return true;
    }

    /**
     * A node just {@link #heard} says it sent up to {@code seq}: whether some were not applied
     * (its table is then owed).
     */
    boolean behind(String node, long seq) {
        Peer peer = peers.get(node);
        if (seq > peer.seq) {
            peer.owesTable = true;
        }
        return peer.owesTable;
    }

    /**
     * Whether to ask {@code node} for its table now: it owes one, and no request is under way (one
     * sent less than the ask-again time ago). Records the request.
     */
    boolean ask(String node, long nowMillis) {
        Peer peer = peers.get(node);
        if (peer == null || !peer.owesTable || nowMillis - peer.askedMillis < askAgainMillis) {
            return false;
        }
        peer.askedMillis = nowMillis;
        return true;
    }

    /** The nodes whose table is owed and whose last request went unanswered: ask them again. */
    List<String> askAgain(long nowMillis) {
        List<String> again = new ArrayList<>();
        peers.forEach((node, peer) -> {
            if (ask(node, nowMillis)) {
                again.add(node);
            }
        });
        return again;
    }

    /** {@code node} said it stops: forgets it, and ignores its run from now on. */
    void stopped(String node, long nowMillis) {
        Peer peer = peers.remove(node);
        if (peer != null) {
            stopped.put(node, new long[] {peer.incarnation, nowMillis});
        }
    }

    /** Forgets and returns the nodes not heard from within the lease; forgets old stops. */
    List<String> expire(long nowMillis) {
        List<String> gone = new ArrayList<>();
        peers.entrySet().removeIf(entry -> {
            boolean expired = nowMillis - entry.getValue().heardMillis > leaseMillis;
            if (expired) {
                gone.add(entry.getKey());
            }
            return expired;
        });
        stopped.values().removeIf(stop -> nowMillis - stop[1] > leaseMillis);
        return gone;
    }

    /** Whether {@code node} is known (heard from within the lease, in a run that did not stop). */
    boolean knows(String node) {
        return peers.containsKey(node);
    }
}
