package org.longconn.endpoint.session;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * A session's queue of frames to send, with one writer: at most one write is in flight, the rest
 * wait here, bounded by count and bytes. Offering never blocks, so fan-out threads only enqueue.
 * When a bound would be exceeded the outbox refuses the frame and reports an overflow; the
 * session then closes as a slow consumer. (Modelled on Spring's ConcurrentWebSocketSessionDecorator
 * with the overflow strategy "terminate".)
 *
 * <p>Frames that wait together go out together: the writer takes what is queued, up to
 * {@link #MAX_BATCH} frames and {@link #MAX_BATCH_BYTES}, in one gathering write.
 *
 * <p>Writes that complete on the thread that started them are followed by the next in a loop
 * (never by recursion, so a long queue cannot overflow the stack). A write that completes later
 * completes on a container thread that may hold the connection's own write lock; the next write
 * is then started from {@code handoff} instead, because starting it there could deadlock against
 * a thread that holds the connection's frame lock and waits for that write lock (a close, or the
 * container answering a ping).
 *
 * <p>The time the write in flight started is kept, so that a write that never completes can be
 * found ({@link #writeStartedBefore}) and the session closed instead of silenced.
 */
public final class Outbox implements Transport.SendCallback {

    /** Most frames in one gathering write. */
    static final int MAX_BATCH = 32;
    /** Most payload bytes in one gathering write (one frame larger than this goes alone). */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    /** What offering a frame did. */
    public enum Offer {
        /** Queued; a writer is already at work and will send it. */
        ACCEPTED,
        /**
         * Queued, and the caller became the writer: it must call {@link #drain()} (after
         * releasing any lock of its own, as a write may start there).
         */
        DRAIN,
        /** The bounds were reached: the frame is dropped and the outbox is closed. */
        OVERFLOW,
        /** The outbox was already closed or finishing: the frame is dropped. */
        CLOSED
    }

    /** Hears about the end of an outbox's life. */
    public interface Listener {
        /** The last frame given to {@link #finish} was written (or could not be). */
        void finished();

        /** A write failed; the outbox is closed. */
        void sendFailed(Throwable failure);
    }

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    private final Transport transport;
    private final int maxMessages;
    private final long maxBytes;
    private final Listener listener;
    private final Executor handoff;

    private final ArrayDeque<OutboundFrame> queue = new ArrayDeque<>(4);
    /** The frames of the write in flight; allocated at the first write, grown when more wait, reused. */
    private OutboundFrame[] batch;

    private long queuedBytes;
    private boolean inFlight;
    private boolean batchHasLast;
    private boolean lastWritten;
    /** The thread inside {@code transport.send}, while it is: a completion on it is inline. */
    private Thread writer;

    private long writeStartedNanos;
    private boolean draining;
    private boolean closed;
    private boolean finishing;
    private OutboundFrame last;

    public Outbox(Transport transport, int maxMessages, long maxBytes, Listener listener, Executor handoff) {
        this.transport = transport;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.listener = listener;
        this.handoff = handoff;
    }

    /** Queues {@code frame} and, if no write is under way, starts writing on this thread; never blocks. */
    public Offer offer(OutboundFrame frame) {
        Offer offer = enqueue(frame);
        if (offer == Offer.DRAIN) {
            drain();
            return Offer.ACCEPTED;
        }
        return offer;
    }

    /**
     * Queues {@code frame} without writing: for callers that hold a lock of their own, which no
     * write may start under. On {@link Offer#DRAIN} the caller must call {@link #drain()} later.
     */
    public synchronized Offer enqueue(OutboundFrame frame) {
        if (closed || finishing) {
            return Offer.CLOSED;
        }
        // An empty queue takes any one frame, so a single large push is not mistaken for a slow reader.
        if (!queue.isEmpty() && (queue.size() >= maxMessages || queuedBytes + frame.size() > maxBytes)) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
            return Offer.OVERFLOW;
        }
        queue.add(frame);
        queuedBytes += frame.size();
        return startDraining() ? Offer.DRAIN : Offer.ACCEPTED;
    }

    /**
     * Sends {@code lastFrame} after what is queued (or instead of it, when {@code dropQueued}),
     * accepts nothing more, and calls {@link Listener#finished()} once it is written.
     *
     * @return {@code false} if the outbox was already finishing
     */
    public boolean finish(OutboundFrame lastFrame, boolean dropQueued) {
        synchronized (this) {
            if (finishing) {
                return false;
            }
            finishing = true;
            last = lastFrame;
            if (dropQueued) {
                queue.clear();
                queuedBytes = 0;
            }
            closed = false; // an overflowed outbox still says goodbye
            queue.add(lastFrame);
            queuedBytes += lastFrame.size();
            if (!startDraining()) {
                return true;
            }
        }
        drain();
        return true;
    }

    /** The connection is gone: drops what is queued and accepts nothing more. */
    public synchronized void close() {
        closed = true;
        finishing = true;
        queue.clear();
        queuedBytes = 0;
    }

    /** Frames waiting, not counting a write in flight. */
    public synchronized int queuedMessages() {
        return queue.size();
    }

    /** Bytes waiting, not counting a write in flight. */
    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Whether a write is in flight that started before {@code nanos} (a {@link System#nanoTime()} value). */
    public synchronized boolean writeStartedBefore(long nanos) {
        return inFlight && writeStartedNanos - nanos < 0;
    }

    /** Whether the frame given to {@link #finish} was written. */
    public synchronized boolean lastWritten() {
        return lastWritten;
    }

    /** Guarded by this: claims the drain loop if nobody is sending. */
    private boolean startDraining() {
        if (inFlight || draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /** Writes what is queued, one write at a time, for as long as writes complete on this thread. */
    public void drain() {
        while (true) {
            OutboundFrame[] frames;
            int count;
            synchronized (this) {
                if (inFlight || closed || queue.isEmpty()) {
                    draining = false;
                    return;
                }
                int wanted = Math.min(MAX_BATCH, queue.size());
                if (batch == null || batch.length < wanted) {
                    // Sized to what waits (one frame for most sessions most of the time), grown in steps.
                    batch = new OutboundFrame
                            [Math.min(MAX_BATCH, Math.max(wanted, batch == null ? 1 : 2 * batch.length))];
                }
                frames = batch;
                count = takeBatch(frames);
                inFlight = true;
                writer = Thread.currentThread();
                writeStartedNanos = System.nanoTime();
            }
            try {
                transport.send(frames, count, this);
            } catch (RuntimeException | Error e) {
                // Whatever a container throws, the write is over: without this the outbox would wait for ever.
                completed(e);
            }
            synchronized (this) {
                writer = null;
            }
        }
    }

    /** Guarded by this: moves the next frames into {@code frames}; returns how many. */
    private int takeBatch(OutboundFrame[] frames) {
        int count = 0;
        long bytes = 0;
        while (count < frames.length && !queue.isEmpty()) {
            OutboundFrame next = queue.peek();
            if (count > 0 && bytes + next.size() > MAX_BATCH_BYTES) {
                break;
            }
            queue.poll();
            queuedBytes -= next.size();
            bytes += next.size();
            batchHasLast |= next == last;
            frames[count++] = next;
        }
        return count;
    }

    /** The end of the write in flight. */
    @Override
    public void completed(Throwable failure) {
        boolean wasLast;
        boolean resume;
        synchronized (this) {
            if (!inFlight) {
                return; // a second report of the same write
            }
            inFlight = false;
            wasLast = batchHasLast;
            batchHasLast = false;
            lastWritten |= wasLast && failure == null;
            Arrays.fill(batch, null);
            if (failure != null) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
            }
            // Completed inside the drain loop's own send (writer is this thread, draining is held):
            // the loop goes on by itself. Completed later, on another thread: claim the drain here.
            resume = failure == null && !wasLast && writer != Thread.currentThread() && startDraining();
        }
        if (failure != null) {
            LOG.log(Level.FINE, "send failed", failure);
            if (wasLast) {
                listener.finished();
            } else {
                listener.sendFailed(failure);
            }
            return;
        }
        if (wasLast) {
            listener.finished();
        } else if (resume) {
            try {
                handoff.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The node is shutting down and closes every session itself.
                synchronized (this) {
                    draining = false;
                }
            }
        }
    }
}
