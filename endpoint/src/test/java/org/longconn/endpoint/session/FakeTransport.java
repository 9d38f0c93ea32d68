package org.longconn.endpoint.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A transport that records what is written, and whose send completion the test controls:
 * complete inline, hold the callback until {@link #completeNext()}, fail, or throw. Thread-safe,
 * with awaits for frames and closes that happen on other threads.
 */
public final class FakeTransport implements Transport {

    /** How a send ends. */
    public enum Mode {
        /** The callback runs inside sendText/sendBinary. */
        COMPLETE_INLINE,
        /** The callback is held until the test calls {@link #completeNext()} or {@link #failNext}. */
        COMPLETE_LATER,
        /** The callback runs inline with an IOException. */
        FAIL,
        /** sendText/sendBinary throw. */
        THROW
    }

    /** A close frame the gateway asked for. */
    public record Close(int code, String reason) {}

    private final ArrayDeque<SendCallback> pending = new ArrayDeque<>();
    private final List<Object> frames = new ArrayList<>();
    private final List<Close> closes = new ArrayList<>();
    private Mode mode;
    private int inFlight;
    private int maxInFlight;

    public FakeTransport(Mode mode) {
        this.mode = mode;
    }

    public static FakeTransport inline() {
        return new FakeTransport(Mode.COMPLETE_INLINE);
    }

    public synchronized void mode(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void sendText(String text, SendCallback callback) {
        record(text, callback);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback callback) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        record(bytes, callback);
    }

    private void record(Object frame, SendCallback callback) {
        Mode current;
        synchronized (this) {
            current = mode;
            if (current == Mode.THROW) {
                throw new IllegalStateException("transport broken");
            }
            frames.add(frame);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (current == Mode.COMPLETE_LATER) {
                pending.add(callback);
            } else {
                inFlight--;
            }
            notifyAll();
        }
        if (current == Mode.COMPLETE_INLINE) {
            callback.completed(null);
        } else if (current == Mode.FAIL) {
            callback.completed(new IOException("send failed"));
        }
    }

    /** Completes the oldest held send successfully. */
    public void completeNext() {
        held().completed(null);
    }

    /** Completes the oldest held send with {@code failure}. */
    public void failNext(Throwable failure) {
        held().completed(failure);
    }

    private synchronized SendCallback held() {
        SendCallback callback = pending.poll();
        if (callback == null) {
            throw new AssertionError("no send is in flight");
        }
        inFlight--;
        return callback;
    }

    public synchronized int heldSends() {
        return pending.size();
    }

    /** The most sends that were ever in flight at once. */
    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(new Close(code, reason));
        notifyAll();
    }

    /** Frames handed to the transport, in order: String for text (the very instance), byte[] for binary. */
    public synchronized List<Object> frames() {
        return List.copyOf(frames);
    }

    /** The text frames, in order, as the very String instances handed over. */
    public synchronized List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Object frame : frames) {
            if (frame instanceof String text) {
                texts.add(text);
            }
        }
        return texts;
    }

    public synchronized List<Close> closes() {
        return List.copyOf(closes);
    }

    /** Waits until at least {@code count} frames were handed over; returns them. */
    public synchronized List<Object> awaitFrames(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (frames.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " frames within " + timeoutMs + " ms, got " + frames);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(frames);
    }

    /** Waits for the first close; returns it. */
    public synchronized Close awaitClose(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (closes.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("transport not closed within " + timeoutMs + " ms; frames " + frames);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closes.get(0);
    }
}
