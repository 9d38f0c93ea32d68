package org.longconn.endpoint.session;

/**
 * Per-session inbound limits: a token bucket for frame rate, and a count of invalid frames per
 * minute beyond which the session is closed. A socket's frames come one at a time, but the frames
 * a polling client posts come on concurrent requests and share one limiter, hence the locks
 * (uncontended on a socket).
 */
public final class InboundLimiter {

    /** The window in which invalid frames are counted. */
    public static final long BAD_FRAME_WINDOW_NANOS = 60_000_000_000L;

    private final int framesPerSecond;
    private final int maxBadFrames;
    private double tokens;
    private long refilledAt;
    private int badFrames;
    private long badWindowStart;

    public InboundLimiter(int framesPerSecond, int maxBadFrames, long nowNanos) {
        this.framesPerSecond = framesPerSecond;
        this.maxBadFrames = maxBadFrames;
        this.tokens = framesPerSecond;
        this.refilledAt = nowNanos;
        this.badWindowStart = nowNanos;
    }

    /** Takes a token for one frame; {@code false} when the session is over its rate. */
    public synchronized boolean tryAcquire(long nowNanos) {
        double elapsedSeconds = (nowNanos - refilledAt) / 1e9;
        refilledAt = nowNanos;
        tokens = Math.min(framesPerSecond, tokens + elapsedSeconds * framesPerSecond);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Counts one invalid frame; {@code true} when the session has now exceeded its allowance. */
    public synchronized boolean recordBadFrame(long nowNanos) {
        if (nowNanos - badWindowStart > BAD_FRAME_WINDOW_NANOS) {
            badWindowStart = nowNanos;
            badFrames = 0;
        }
        return ++badFrames > maxBadFrames;
    }

    /**
     * Whether the invalid frames counted in the current window exceed the allowance: a polling
     * client, which has no socket to close, is refused until the window ends.
     */
    public synchronized boolean isOverBadFrames(long nowNanos) {
        return nowNanos - badWindowStart <= BAD_FRAME_WINDOW_NANOS && badFrames > maxBadFrames;
    }
}
