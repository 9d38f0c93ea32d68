package org.longconn.api.event;

import java.time.Instant;

/**
 * Fired synchronously, unqualified, when a WebSocket client whose session expires sends a new
 * token ({@code refresh}, PROTOCOL.md §16). An observer checks the token, for the same user, and
 * {@linkplain #accept(Instant) accepts} it with the new expiry or {@linkplain #refuse(String)
 * refuses} it. A refresh no observer accepts is refused; the session then goes on until its
 * current expiry.
 *
 * <pre>{@code
 * void refresh(@Observes RefreshRequest refresh) {
 *     tokens.verify(refresh.token())
 *           .filter(claims -> claims.subject().equals(refresh.userId()))
 *           .ifPresentOrElse(claims -> refresh.accept(claims.expiresAt()),
 *                            () -> refresh.refuse("token invalid or for another user"));
 * }
 * }</pre>
 */
public interface RefreshRequest {

    /** The refreshing session. */
    String sessionId();

    /** The session's user (a session that expires always has one). */
    String userId();

    /** The new token as the client sent it. */
    String token();

    /** The session's current expiry. */
    Instant expiresAt();

    /**
     * Accepts the token: the session now expires at {@code newExpiry}.
     *
     * @throws IllegalArgumentException when {@code newExpiry} is not in the future
     */
    void accept(Instant newExpiry);

    /** Refuses the token; {@code reason} is told to the client. */
    void refuse(String reason);
}
