package org.longconn.endpoint.presence;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's sessions that make members: for each session with a user, the exact opTypes it is
 * counted in. Keeping them per session makes counting idempotent (a subscription counted twice,
 * or a leave without a join, changes nothing) and lets a session's end take back exactly what it
 * added. Not thread-safe: {@link ClusterPresence} guards it.
 */
final class Memberships {

    /** One session's user and the opTypes it counts in. */
    record Member(String user, Set<String> opTypes) {}

    private final Map<String, Member> bySession = new HashMap<>();

    /** @return whether the session was not yet counted in {@code opType} (it is now) */
    boolean add(String sessionId, String user, String opType) {
        return bySession
                .computeIfAbsent(sessionId, id -> new Member(user, new LinkedHashSet<>()))
                .opTypes()
                .add(opType);
    }

    /** @return the session's user when it was counted in {@code opType} (it no longer is), else {@code null} */
    String remove(String sessionId, String opType) {
        Member member = bySession.get(sessionId);
        if (member == null || !member.opTypes().remove(opType)) {
            return null;
        }
        if (member.opTypes().isEmpty()) {
            bySession.remove(sessionId);
        }
        return member.user();
    }

    /** Forgets the session; what it was counted in, or {@code null}. */
    Member removeAll(String sessionId) {
        return bySession.remove(sessionId);
    }
}
