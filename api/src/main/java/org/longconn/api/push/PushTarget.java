package org.longconn.api.push;

import java.util.Objects;

/**
 * Who a push is for, besides being subscribed to its opType.
 *
 * <p>A push reaches only sessions subscribed to its opType (exactly or by a pattern); the target
 * narrows that set further.
 */
public sealed interface PushTarget {

    /** Every session subscribed to the opType. */
    static PushTarget subscribers() {
        return Subscribers.INSTANCE;
    }

    /** Every session of {@code userId} that is subscribed to the opType. */
    static PushTarget user(String userId) {
        return new User(userId);
    }

    /** The one session {@code sessionId}, if it is subscribed to the opType. */
    static PushTarget session(String sessionId) {
        return new Session(sessionId);
    }

    /** All subscribers of the opType. */
    enum Subscribers implements PushTarget {
        /** The one value. */
        INSTANCE
    }

    /** The subscribed sessions of one user. */
    record User(String userId) implements PushTarget {
        /** @throws IllegalArgumentException if {@code userId} is empty */
        public User {
            Objects.requireNonNull(userId, "userId");
            if (userId.isEmpty()) {
                throw new IllegalArgumentException("userId must not be empty");
            }
        }
    }

    /** One session, if subscribed. */
    record Session(String sessionId) implements PushTarget {
        /** @throws IllegalArgumentException if {@code sessionId} is empty */
        public Session {
            Objects.requireNonNull(sessionId, "sessionId");
            if (sessionId.isEmpty()) {
                throw new IllegalArgumentException("sessionId must not be empty");
            }
        }
    }
}
