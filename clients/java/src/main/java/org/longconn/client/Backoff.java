package org.longconn.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect delays with full jitter, so that many clients do not return in step. */
final class Backoff {

    private final long minMs;
    private final long maxMs;
    private int attempt;

    Backoff(Duration min, Duration max) {
        this.minMs = min.toMillis();
        this.maxMs = max.toMillis();
    }

    /** The next delay: random in [min, min·2^attempt], capped at max. */
    synchronized long nextMillis() {
        long ceiling = Math.min(maxMs, minMs << Math.min(attempt, 20));
        attempt++;
        return minMs + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - minMs + 1));
    }

    synchronized void reset() {
        attempt = 0;
    }
}
