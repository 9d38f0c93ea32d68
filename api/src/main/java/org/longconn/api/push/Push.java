package org.longconn.api.push;

import java.util.Objects;
import org.longconn.api.OpTypes;

/**
 * One push: an exact opType, a target and a payload.
 *
 * <pre>{@code
 * pusher.push(Push.of("order.created", new PushPayload.Json("{\"id\":42}")));
 * pusher.push(Push.toUser("alice", "inbox.new", new PushPayload.Json("{}")));
 * }</pre>
 *
 * @param opType the exact opType (no wildcards); validated with {@link OpTypes#validateExact}
 * @param target who receives it among the opType's subscribers
 * @param payload the JSON or binary body
 */
public record Push(String opType, PushTarget target, PushPayload payload) {

    /** @throws IllegalArgumentException if {@code opType} is not a valid exact opType */
    public Push {
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
        String problem = OpTypes.validateExact(opType, Integer.MAX_VALUE);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A push to every subscriber of {@code opType}. */
    public static Push of(String opType, PushPayload payload) {
        return new Push(opType, PushTarget.subscribers(), payload);
    }

    /** A push to the sessions of {@code userId} subscribed to {@code opType}. */
    public static Push toUser(String userId, String opType, PushPayload payload) {
        return new Push(opType, PushTarget.user(userId), payload);
    }

    /** A push to session {@code sessionId}, if it is subscribed to {@code opType}. */
    public static Push toSession(String sessionId, String opType, PushPayload payload) {
        return new Push(opType, PushTarget.session(sessionId), payload);
    }
}
