package org.longconn.endpoint.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.longconn.api.OpTypes;

/**
 * The gateway's index: a concurrent hash map for exact opTypes, a {@link PatternTrie} under a
 * read-write lock for patterns (rare writes, frequent matches), and a session → subscriptions map.
 */
@ApplicationScoped
public class DefaultSubscriptionIndex implements SubscriptionIndex {

    private final Map<String, Set<String>> exact = new ConcurrentHashMap<>();
    private final PatternTrie patterns = new PatternTrie();
    private final ReadWriteLock patternLock = new ReentrantReadWriteLock();
    private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();

    /*
     * Each session's changes run inside bySession.compute for that session, so a register racing
     * that session's unregisterAll is ordered before or after it, never interleaved: an entry in
     * exact or the trie exists exactly when the session's own set holds it.
     */

    @Override
    public boolean register(String sessionId, String subscription) {
        boolean[] added = {false};
        bySession.compute(sessionId, (id, own) -> {
            if (own != null && own.contains(subscription)) {
                return own;
            }
            addToIndexes(sessionId, subscription);
            added[0] = true;
            return with(own, subscription);
        });
        return added[0];
    }

    @Override
    public boolean unregister(String sessionId, String subscription) {
        boolean[] removed = {false};
        bySession.computeIfPresent(sessionId, (id, own) -> {
            if (!own.contains(subscription)) {
                return own;
            }
            removeFromIndexes(sessionId, subscription);
            removed[0] = true;
            return own.size() == 1 ? null : without(own, subscription);
        });
        return removed[0];
    }

    /*
     * A session's own set is immutable and replaced on each change: most sessions hold one or a few
     * subscriptions, and a concurrent set per session (a hash table of its own) cost more memory
     * than the session's other state together. Changes are rare next to reads.
     */
    private static Set<String> with(Set<String> own, String subscription) {
        if (own == null) {
            return Set.of(subscription);
        }
        Set<String> next = new HashSet<>(own);
        next.add(subscription);
        return Set.copyOf(next);
    }

    private static Set<String> without(Set<String> own, String subscription) {
        Set<String> next = new HashSet<>(own);
        next.remove(subscription);
        return Set.copyOf(next);
    }

    @Override
    public void unregisterAll(String sessionId) {
        bySession.computeIfPresent(sessionId, (id, own) -> {
            for (String subscription : own) {
                removeFromIndexes(sessionId, subscription);
            }
            return null;
        });
    }

    @Override
    public Collection<String> find(String opType) {
        Set<String> direct = exact.get(opType);
        patternLock.readLock().lock();
        try {
            if (patterns.isEmpty()) {
                return direct != null ? direct : List.of();
            }
            Set<String> all = direct != null ? new HashSet<>(direct) : new HashSet<>();
            patterns.collect(opType, all);
            return all;
        } finally {
            patternLock.readLock().unlock();
        }
    }

    @Override
    public void forEachSubscriber(String opType, Consumer<String> action) {
        Set<String> viaPatterns = null;
        patternLock.readLock().lock();
        try {
            if (!patterns.isEmpty()) {
                viaPatterns = new HashSet<>();
                patterns.collect(opType, viaPatterns);
            }
        } finally {
            patternLock.readLock().unlock();
        }
        // The (few) pattern matches are a snapshot and go first; the exact subscribers, a live
        // set, skip them: a session holding both is visited once even while it unsubscribes one.
        if (viaPatterns != null) {
            viaPatterns.forEach(action);
        }
        Set<String> direct = exact.get(opType);
        if (direct == null) {
            return;
        }
        if (viaPatterns == null || viaPatterns.isEmpty()) {
            direct.forEach(action);
        } else {
            for (String sessionId : direct) {
                if (!viaPatterns.contains(sessionId)) {
                    action.accept(sessionId);
                }
            }
        }
    }

    @Override
    public boolean holds(String sessionId, String subscription) {
        Set<String> own = bySession.get(sessionId);
        return own != null && own.contains(subscription);
    }

    @Override
    public boolean isSubscribed(String sessionId, String opType) {
        Set<String> own = bySession.get(sessionId);
        if (own == null) {
            return false;
        }
        if (own.contains(opType)) {
            return true;
        }
        for (String subscription : own) {
            if (OpTypes.isPattern(subscription) && OpTypes.matches(subscription, opType)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int subscriptionCount(String sessionId) {
        Set<String> own = bySession.get(sessionId);
        return own == null ? 0 : own.size();
    }

    @Override
    public Collection<String> subscriptionsOf(String sessionId) {
        Set<String> own = bySession.get(sessionId);
        return own == null ? List.of() : List.copyOf(own);
    }

    private void addToIndexes(String sessionId, String subscription) {
        if (OpTypes.isPattern(subscription)) {
            patternLock.writeLock().lock();
            try {
                patterns.add(subscription, sessionId);
            } finally {
                patternLock.writeLock().unlock();
            }
        } else {
            exact.compute(subscription, (opType, sessions) -> {
                Set<String> set = sessions != null ? sessions : ConcurrentHashMap.newKeySet();
                set.add(sessionId);
                return set;
            });
        }
    }

    private void removeFromIndexes(String sessionId, String subscription) {
        if (OpTypes.isPattern(subscription)) {
            patternLock.writeLock().lock();
            try {
                patterns.remove(subscription, sessionId);
            } finally {
                patternLock.writeLock().unlock();
            }
        } else {
            exact.computeIfPresent(subscription, (opType, sessions) -> {
                sessions.remove(sessionId);
                return sessions.isEmpty() ? null : sessions;
            });
        }
    }
}
