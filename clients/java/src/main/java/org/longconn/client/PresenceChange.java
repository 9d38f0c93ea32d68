package org.longconn.client;

import java.util.Objects;

/**
 * What brought a {@link PresenceView} about (PROTOCOL.md §18): the server's snapshot of an opType's
 * members, or one user joining or leaving them.
 *
 * @param kind what happened
 * @param user the user who joined or left; {@code null} for a {@link Kind#SNAPSHOT snapshot}
 */
public record PresenceChange(Kind kind, String user) {

    /** The kinds of change, as the server's {@code presence}, {@code join} and {@code leave} frames. */
    public enum Kind {
        /**
         * A whole member list from the server: after each subscribe that asks presence, the first
         * after a reconnect included. It replaces what the client held.
         */
        SNAPSHOT,
        /** {@link PresenceChange#user() user} became a member: its first session subscribed the opType. */
        JOIN,
        /** {@link PresenceChange#user() user} is no longer a member: its last session left the opType. */
        LEAVE
    }

    /** The change of a snapshot. */
    static final PresenceChange SNAPSHOT = new PresenceChange(Kind.SNAPSHOT, null);

    /** @throws NullPointerException without a kind, or without the user of a join or leave */
    public PresenceChange {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.SNAPSHOT) {
            Objects.requireNonNull(user, "user");
        }
    }
}
