package org.longconn.endpoint.session;

/**
 * When a session's credentials expire (PROTOCOL.md §16), and whether the client was asked for a
 * new token for that expiry. Thread-safe: the periodic check reads it, a refresh moves it, and
 * the two cannot cross (a session found expired stays expired; a refresh after it is refused).
 */
public final class Expiry {

    /** Milliseconds since the epoch; 0 when the session does not expire. */
    private long atMs;
    /** When {@link #atMs} was set, so that a short-lived token is asked for at half its life. */
    private long setAtMs;

    private boolean refreshAsked;
    private boolean expired;

    /** The expiry in milliseconds since the epoch, or 0 when the session does not expire. */
    public synchronized long atMs() {
        return atMs;
    }

    /** Sets the first expiry, at {@code nowMs}, when the session opens. */
    public synchronized void set(long expiresAtMs, long nowMs) {
        this.atMs = expiresAtMs;
        this.setAtMs = nowMs;
        this.refreshAsked = false;
    }

    /**
     * Moves the expiry (a refresh accepted a new token); the client is asked again before it.
     *
     * @return {@code false} when the session already expired: it ends all the same
     */
    public synchronized boolean renew(long expiresAtMs, long nowMs) {
        if (expired) {
            return false;
        }
        set(expiresAtMs, nowMs);
        return true;
    }

    /** Whether the session ends at {@code nowMs}; once it answered {@code true}, no refresh moves it. */
    public synchronized boolean expireIfPast(long nowMs) {
        if (atMs != 0 && nowMs >= atMs) {
            expired = true;
        }
        return expired;
    }

    /**
     * The expiry to ask the client a new token for now, or 0: once per expiry, {@code aheadMs}
     * before it, or at half the token's life when that is shorter (a token of a few seconds is not
     * asked for again at once after each refresh).
     */
    public synchronized long askRefresh(long nowMs, long aheadMs) {
        if (atMs == 0 || refreshAsked || expired) {
            return 0;
        }
        long ahead = Math.min(aheadMs, Math.max(0, (atMs - setAtMs) / 2));
        if (atMs - nowMs > ahead) {
            return 0;
        }
        refreshAsked = true;
        return atMs;
    }
}
