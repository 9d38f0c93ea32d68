package org.longconn.endpoint.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * A transport that records what is written, and whose send completion the test controls:
 * complete inline, hold the callback until {@link #completeNext()}, fail, or throw. Thread-safe,
 * with awaits for frames and closes that happen on other threads.
 */
public final class FakeTransport implements Transport {

    /** How a send ends. */
    public enum Mode {
        /** The callback runs inside send. */
        COMPLETE_INLINE,
        /** The callback is held until the test calls {@link #completeNext()} or {@link #failNext}. */
        COMPLETE_LATER,
        /** The callback runs inline with an IOException. */
        FAIL,
        /** send throws. */
        THROW
    }

    /** A close frame the gateway asked for. */
    public record Close(int code, String reason) {}

    private final ArrayDeque<SendCallback> pending = new ArrayDeque<>();
    private final List<Object> frames = new ArrayList<>();
    private final List<OutboundFrame> sent = new ArrayList<>();
    private final List<Integer> writes = new ArrayList<>();
    private int aborts;
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
    public void send(OutboundFrame[] batch, int count, SendCallback callback) {
        Mode current;
        synchronized (this) {
            current = mode;
            if (current == Mode.THROW) {
                throw new IllegalStateException("transport broken");
            }
            for (int i = 0; i < count; i++) {
                sent.add(batch[i]);
                frames.add(batch[i].isText() ? batch[i].text() : bytes(batch[i]));
            }
            writes.add(count);
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

    private static byte[] bytes(OutboundFrame frame) {
        ByteBuffer data = frame.binary();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

    @Override
    public synchronized void abort() {
        aborts++;
        notifyAll();
    }

    /** How often the gateway dropped the connection. */
    public synchronized int aborts() {
        return aborts;
    }

    /** The frames handed over, in order, as the very instances (a push is encoded once for all). */
    public synchronized List<OutboundFrame> sent() {
        return List.copyOf(sent);
    }

    /** How many frames each write carried, in order. */
    public synchronized List<Integer> writes() {
        return List.copyOf(writes);
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

    /** Frames handed to the transport, in order: String for text, byte[] for binary. */
    public synchronized List<Object> frames() {
        return List.copyOf(frames);
    }

    /** The text frames, in order. */
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
