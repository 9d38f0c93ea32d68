package org.longconn.api.bus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with full jitter, so that many clients (or gateway nodes, after a
 * broker restart) do not return in step. The gateway's nodes and its Java client use it; so may
 * a publisher's own reconnect loop. Thread-safe.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private int attempt;

    /**
     * @param min the first delay, and the least of every later one
     * @param max the most any delay grows to
     */
    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minMs = min.toMillis();
        this.maxMs = max.toMillis();
    }

    /** The next delay: random in [min, min·2^attempt], capped at max. */
    public synchronized long nextMillis() {
        long ceiling = Math.min(maxMs, minMs << Math.min(attempt, 20));
        attempt++;
        return minMs + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - minMs + 1));
    }

    /** Starts over from the minimum (after a connection that worked). */
    public synchronized void reset() {
        attempt = 0;
    }
}
