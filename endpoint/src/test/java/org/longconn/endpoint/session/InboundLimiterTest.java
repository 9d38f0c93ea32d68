package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InboundLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5 * SECOND;

    @Test
    void bucketStartsFullWithOneSecondOfFrames() {
        InboundLimiter limiter = new InboundLimiter(3, 10, T0);

        assertTrue(limiter.tryAcquire(T0));
        assertTrue(limiter.tryAcquire(T0));
        assertTrue(limiter.tryAcquire(T0));
        assertFalse(limiter.tryAcquire(T0));
    }

    @Test
    void tokensRefillInProportionToElapsedTime() {
        InboundLimiter limiter = new InboundLimiter(4, 10, T0);
        for (int i = 0; i < 4; i++) {
            limiter.tryAcquire(T0);
        }

        assertFalse(limiter.tryAcquire(T0 + SECOND / 8));
        assertTrue(limiter.tryAcquire(T0 + SECOND / 4));
        assertFalse(limiter.tryAcquire(T0 + SECOND / 4));
        assertTrue(limiter.tryAcquire(T0 + SECOND / 2));
    }

    @Test
    void refillIsCappedAtOneSecondOfFrames() {
        InboundLimiter limiter = new InboundLimiter(2, 10, T0);
        limiter.tryAcquire(T0);
        limiter.tryAcquire(T0);

        long later = T0 + 100 * SECOND;
        assertTrue(limiter.tryAcquire(later));
        assertTrue(limiter.tryAcquire(later));
        assertFalse(limiter.tryAcquire(later));
    }

    @Test
    void refusedFramesDoNotBorrowFromTheFuture() {
        InboundLimiter limiter = new InboundLimiter(1, 10, T0);
        limiter.tryAcquire(T0);
        for (int i = 0; i < 100; i++) {
            assertFalse(limiter.tryAcquire(T0 + i));
        }

        assertTrue(limiter.tryAcquire(T0 + SECOND + SECOND / 10));
    }

    @Test
    void sessionExceedsItsAllowanceOnTheFrameAfterMaxBadFrames() {
        InboundLimiter limiter = new InboundLimiter(10, 3, T0);

        assertFalse(limiter.recordBadFrame(T0));
        assertFalse(limiter.recordBadFrame(T0 + 1));
        assertFalse(limiter.recordBadFrame(T0 + 2));
        assertTrue(limiter.recordBadFrame(T0 + 3));
    }

    @Test
    void badFrameCountResetsAfterSixtySeconds() {
        InboundLimiter limiter = new InboundLimiter(10, 2, T0);
        limiter.recordBadFrame(T0);
        limiter.recordBadFrame(T0 + SECOND);

        long nextWindow = T0 + InboundLimiter.BAD_FRAME_WINDOW_NANOS + 1;
        assertFalse(limiter.recordBadFrame(nextWindow));
        assertFalse(limiter.recordBadFrame(nextWindow + 1));
        assertTrue(limiter.recordBadFrame(nextWindow + 2));
    }

    @Test
    void badFramesWithinTheWindowKeepCounting() {
        InboundLimiter limiter = new InboundLimiter(10, 2, T0);
        limiter.recordBadFrame(T0);
        limiter.recordBadFrame(T0 + 30 * SECOND);

        assertTrue(limiter.recordBadFrame(T0 + 59 * SECOND));
    }
}
