package org.longconn.endpoint.presence;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.longconn.endpoint.session.GatewaySession;

/**
 * The sessions of this node watching an opType's members, by opType and by session. Not
 * thread-safe: {@link ClusterPresence} guards it.
 */
final class Watchers {

    private final Map<String, Set<GatewaySession>> byOpType = new HashMap<>();
    private final Map<String, Set<String>> bySession = new HashMap<>();

    void add(GatewaySession session, String opType) {
        byOpType.computeIfAbsent(opType, o -> new LinkedHashSet<>()).add(session);
        bySession.computeIfAbsent(session.id(), id -> new LinkedHashSet<>()).add(opType);
    }

    void remove(GatewaySession session, String opType) {
        Set<String> opTypes = bySession.get(session.id());
        if (opTypes == null || !opTypes.remove(opType)) {
            return;
        }
        if (opTypes.isEmpty()) {
            bySession.remove(session.id());
        }
        removeFromOpType(session, opType);
    }

    void removeAll(GatewaySession session) {
        Set<String> opTypes = bySession.remove(session.id());
        if (opTypes != null) {
            opTypes.forEach(opType -> removeFromOpType(session, opType));
        }
    }

    /** The sessions watching {@code opType} (a live view: iterate it under the guard). */
    Set<GatewaySession> of(String opType) {
        return byOpType.getOrDefault(opType, Set.of());
    }

    private void removeFromOpType(GatewaySession session, String opType) {
        Set<GatewaySession> sessions = byOpType.get(opType);
        if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
            byOpType.remove(opType);
        }
    }
}
