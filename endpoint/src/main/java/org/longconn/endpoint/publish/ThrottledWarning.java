package org.longconn.endpoint.publish;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * A warning that a busy caller could repeat thousands of times a second (every publish refused
 * while the broker is away): the first is logged at once, later ones at most once per interval,
 * each line saying how many were not logged since the previous one. The caller still learns
 * every refusal from its answer; the log only needs to tell the operator that it happens.
 */
final class ThrottledWarning {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAllowed;
    private final AtomicLong unlogged = new AtomicLong();

    ThrottledWarning(Logger log, long interval, TimeUnit unit) {
        this(log, interval, unit, System::nanoTime);
    }

    ThrottledWarning(Logger log, long interval, TimeUnit unit, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
        this.nanoTime = nanoTime;
        this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
    }

    /** Logs {@code message} now, or counts it for the next line when one was logged recently. */
    void warn(String message) {
        long now = nanoTime.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            unlogged.incrementAndGet();
            return;
        }
        long skipped = unlogged.getAndSet(0);
        log.warning(
                skipped == 0 ? message : message + " (and " + skipped + " more like it since the previous such line)");
    }
}
