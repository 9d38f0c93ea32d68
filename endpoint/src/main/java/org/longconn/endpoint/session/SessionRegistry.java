package org.longconn.endpoint.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The sessions open on this node, by id and by user. Application-scoped because WebSocket
 * endpoint instances are per connection and not contextual: everything shared lives here.
 */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, GatewaySession> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

    public void add(GatewaySession session) {
        byId.put(session.id(), session);
        if (session.userId() != null) {
            byUser.compute(session.userId(), (user, ids) -> {
                Set<String> set = ids != null ? ids : ConcurrentHashMap.newKeySet();
                set.add(session.id());
                return set;
            });
        }
    }

    public void remove(GatewaySession session) {
        if (byId.remove(session.id(), session) && session.userId() != null) {
            byUser.computeIfPresent(session.userId(), (user, ids) -> {
                ids.remove(session.id());
                return ids.isEmpty() ? null : ids;
            });
        }
        synchronized (byId) {
            byId.notifyAll();
        }
    }

    /**
     * Waits until no session is open or {@code timeoutMs} passed, for an orderly shutdown.
     *
     * @return whether every session is gone
     */
    public boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (byId) {
            while (!byId.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                byId.wait(left);
            }
            return true;
        }
    }

    /** The session, or {@code null} when it is not open on this node. */
    public GatewaySession get(String sessionId) {
        return byId.get(sessionId);
    }

    /**
     * {@link #get} as a function bound to this registry itself, for the fan-out, which looks a
     * session up per delivery: called through the application-scoped bean's client proxy, each
     * lookup would first find the bean's instance in its context.
     */
    public Function<String, GatewaySession> lookup() {
        return byId::get;
    }

    /** Ids of the user's sessions on this node. */
    public Collection<String> sessionsOf(String userId) {
        Set<String> ids = byUser.get(userId);
        return ids != null ? ids : List.of();
    }

    public Collection<GatewaySession> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
