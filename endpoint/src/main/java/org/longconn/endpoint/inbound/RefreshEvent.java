package org.longconn.endpoint.inbound;

import java.time.Instant;
import java.util.Objects;
import org.longconn.api.event.RefreshRequest;

/** A client's {@code refresh} as the {@link RefreshRequest} event; a refusal by any observer wins. */
final class RefreshEvent implements RefreshRequest {

    private final String sessionId;
    private final String userId;
    private final String token;
    private final Instant expiresAt;
    private Instant accepted;
    private String refused;

    RefreshEvent(String sessionId, String userId, String token, Instant expiresAt) {
        this.sessionId = sessionId;
        this.userId = userId;
        this.token = token;
        this.expiresAt = expiresAt;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public synchronized void accept(Instant newExpiry) {
        Objects.requireNonNull(newExpiry, "newExpiry");
        if (!newExpiry.isAfter(Instant.now())) {
            throw new IllegalArgumentException("the new expiry must be in the future, got " + newExpiry);
        }
        accepted = newExpiry;
    }

    @Override
    public synchronized void refuse(String reason) {
        if (refused == null) {
            refused = reason == null || reason.isBlank() ? "token refused" : reason;
        }
    }

    /** The new expiry, or {@code null} when the token was refused or accepted by no observer. */
    synchronized Instant outcome() {
        return refused == null ? accepted : null;
    }

    /** Why the token is not taken: an observer's reason, or that none accepted it. */
    synchronized String refusal() {
        return refused != null ? refused : "no observer accepted the token";
    }

    @Override
    public String toString() {
        return "RefreshRequest[" + sessionId + ", user " + userId + "]";
    }
}
