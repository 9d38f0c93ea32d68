package org.longconn.api.bus;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysStayWithinAGrowingCeilingCappedAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        for (int attempt = 0; attempt < 30; attempt++) {
            long ceiling = Math.min(1_000, 100L << Math.min(attempt, 20));
            long delay = backoff.nextMillis();
            assertTrue(delay >= 100 && delay <= ceiling, "attempt " + attempt + ": " + delay);
        }
    }

    @Test
    void resetStartsOverFromTheMinimum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(10_000));
        for (int i = 0; i < 10; i++) {
            backoff.nextMillis();
        }
        backoff.reset();
        long delay = backoff.nextMillis();
        assertTrue(delay >= 100 && delay <= 100, "the first delay after a reset is the minimum: " + delay);
    }

    @Test
    void boundsThatCannotWorkAreRefusedWithWhatToFix() {
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertTrue(zero.getMessage().contains("0 < min <= max"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
