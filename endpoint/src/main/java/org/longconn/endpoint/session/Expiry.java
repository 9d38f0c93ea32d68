package org.longconn.endpoint.session;

/**
 * When a session's credentials expire (PROTOCOL.md §16), and whether the client was asked for a
 * new token for that expiry. Thread-safe: the periodic check reads it, a refresh moves it.
 */
public final class Expiry {

    /** Milliseconds since the epoch; 0 when the session does not expire. */
    private long atMs;

    private boolean refreshAsked;

    /** The expiry in milliseconds since the epoch, or 0 when the session does not expire. */
    public synchronized long atMs() {
        return atMs;
    }

    /** Sets the expiry (a refresh accepted a new token): the client is asked again before it. */
    public synchronized void set(long expiresAtMs) {
        this.atMs = expiresAtMs;
        this.refreshAsked = false;
    }

    /** Whether the session ends at {@code nowMs} (its credentials expired). */
    public synchronized boolean isPast(long nowMs) {
        return atMs != 0 && nowMs >= atMs;
    }

    /**
     * Whether to ask the client for a new token now: the expiry is within {@code aheadMs} and the
     * client was not asked for it yet. Asks only once per expiry.
     */
    public synchronized boolean askRefresh(long nowMs, long aheadMs) {
        if (atMs == 0 || refreshAsked || atMs - nowMs > aheadMs) {
            return false;
        }
        refreshAsked = true;
        return true;
    }
}
