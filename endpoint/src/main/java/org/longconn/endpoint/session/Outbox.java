package org.longconn.endpoint.session;

import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.protocol.OutboundFrame;

/**
 * A session's queue of frames to send, with one writer: at most one send is in flight, the rest
 * wait here, bounded by count and bytes. {@link #offer} never blocks, so fan-out threads only
 * enqueue. When a bound would be exceeded the outbox refuses the frame and reports an overflow;
 * the session then closes as a slow consumer. (Modelled on Spring's
 * ConcurrentWebSocketSessionDecorator with the overflow strategy "terminate".)
 *
 * <p>Sends that complete on the calling thread are drained in a loop rather than by recursion,
 * so a long queue cannot overflow the stack.
 */
public final class Outbox {

    /** What {@link #offer} did with a frame. */
    public enum Offer {
        /** Queued or sent. */
        ACCEPTED,
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

    private final ArrayDeque<OutboundFrame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean inFlight;
    private boolean draining;
    private boolean closed;
    private boolean finishing;
    private OutboundFrame last;

    public Outbox(Transport transport, int maxMessages, long maxBytes, Listener listener) {
        this.transport = transport;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    /** Queues {@code frame} for sending; never blocks. */
    public Offer offer(OutboundFrame frame) {
        synchronized (this) {
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
            if (!startDraining()) {
                return Offer.ACCEPTED;
            }
        }
        drain();
        return Offer.ACCEPTED;
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

    /** Frames waiting, not counting one in flight. */
    public synchronized int queuedMessages() {
        return queue.size();
    }

    /** Bytes waiting, not counting a frame in flight. */
    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Guarded by this: claims the drain loop if nobody is sending. */
    private boolean startDraining() {
        if (inFlight || draining) {
            return false;
        }
        draining = true;
        return true;
    }

    private void drain() {
        while (true) {
            OutboundFrame next;
            synchronized (this) {
                if (inFlight || closed || queue.isEmpty()) {
                    draining = false;
                    return;
                }
                next = queue.poll();
                queuedBytes -= next.size();
                inFlight = true;
            }
            send(next);
        }
    }

    private void send(OutboundFrame frame) {
        Transport.SendCallback callback = failure -> completed(frame, failure);
        try {
            if (frame.isText()) {
                transport.sendText(frame.text(), callback);
            } else {
                transport.sendBinary(frame.binary(), callback);
            }
        } catch (RuntimeException e) {
            completed(frame, e);
        }
    }

    private void completed(OutboundFrame frame, Throwable failure) {
        boolean wasLast;
        boolean resume;
        synchronized (this) {
            inFlight = false;
            wasLast = frame == last;
            if (failure != null) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
            }
            resume = failure == null && !wasLast && startDraining();
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
            drain();
        }
    }
}
