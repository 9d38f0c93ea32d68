package org.longconn.endpoint.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.longconn.api.OpTypes;

/**
 * The pushes a {@link PushHistory} keeps, in streams per opType (per opType and user for
 * user-targeted pushes), bounded three ways: at most {@code perStream} per stream, none older than
 * {@code maxAgeMs}, at most {@code maxBytes} in all. Every eviction takes a stream's oldest push,
 * and each stream remembers up to where it was evicted, so that a resume knows whether the
 * stream is complete after its position. Not thread-safe.
 *
 * @param <F> the encoded frame kept for each push
 */
final class RetainedPushes<F> {

    /** Estimated bytes per entry beyond its frame: the entry, its deque slots and the map's share. */
    static final long ENTRY_OVERHEAD_BYTES = 96;

    private final int perStream;
    private final long maxAgeMs;
    private final long maxBytes;

    private final Map<String, Stream<F>> streams = new HashMap<>();
    /** Every retained entry in sequence order (evicted ones are skipped as they reach the head). */
    private final ArrayDeque<Stream.Entry<F>> all = new ArrayDeque<>();

    private long bytes;
    /** Entries in {@link #all} already evicted from their stream (a busy stream's oldest). */
    private int stale;
    /** The highest sequence number evicted from any stream that is gone altogether. */
    private long droppedThrough;

    RetainedPushes(int perStream, long maxAgeMs, long maxBytes) {
        this.perStream = perStream;
        this.maxAgeMs = maxAgeMs;
        this.maxBytes = maxBytes;
    }

    /** Keeps a push, evicting what the bounds no longer allow. */
    void add(String opType, String user, long seq, F frame, long frameBytes, long nowMs) {
        Stream<F> stream = streams.computeIfAbsent(key(opType, user), k -> new Stream<>(opType, user));
        Stream.Entry<F> entry = new Stream.Entry<>(seq, nowMs, frame, frameBytes + ENTRY_OVERHEAD_BYTES, stream);
        stream.entries.addLast(entry);
        all.addLast(entry);
        bytes += entry.bytes;
        if (stream.entries.size() > perStream) {
            evict(stream.entries.peekFirst());
            stale++;
            compactIfMostlyStale();
        }
        while (bytes > maxBytes) {
            evictOldest();
        }
    }

    /**
     * The kept pushes after sequence number {@code from} that {@code pattern} of {@code user}
     * matches, or {@code null} when one of them may have been evicted (from a matching stream, or
     * from a stream that is gone).
     */
    List<Stream.Entry<F>> after(long from, String pattern, String user) {
        if (from < droppedThrough) {
            return null;
        }
        List<Stream.Entry<F>> missed = new ArrayList<>();
        for (Stream<F> stream : streams.values()) {
            if (!visibleTo(stream, user) || !OpTypes.matches(pattern, stream.opType)) {
                continue;
            }
            if (from < stream.evictedThrough) {
                return null;
            }
            for (Stream.Entry<F> entry : stream.entries) {
                if (entry.seq > from) {
                    missed.add(entry);
                }
            }
        }
        return missed;
    }

    /** Bytes held now (frames plus overhead). */
    long bytes() {
        return bytes;
    }

    /** Pushes held now. */
    int size() {
        int size = 0;
        for (Stream<F> stream : streams.values()) {
            size += stream.entries.size();
        }
        return size;
    }

    /** Evicts the pushes older than {@code maxAgeMs}. */
    void expire(long nowMs) {
        for (Stream.Entry<F> head = all.peekFirst(); head != null; head = all.peekFirst()) {
            if (head.evicted) {
                all.pollFirst();
                stale--;
            } else if (nowMs - head.receivedAtMs > maxAgeMs) {
                evictOldest();
            } else {
                return;
            }
        }
    }

    /** Forgets everything (another epoch: none of it can be resumed any more). */
    void clear() {
        streams.clear();
        all.clear();
        stale = 0;
        bytes = 0;
        droppedThrough = 0;
    }

    /** Subscriptions to opType {@code pattern} of {@code user} see this stream. */
    private static boolean visibleTo(Stream<?> stream, String user) {
        return stream.user == null || stream.user.equals(user);
    }

    private void evictOldest() {
        Stream.Entry<F> head = all.pollFirst();
        while (head != null && head.evicted) {
            stale--;
            head = all.pollFirst();
        }
        if (head != null) {
            evict(head);
        }
    }

    /** Removes the oldest entry of its stream (every eviction takes a stream's oldest). */
    private void evict(Stream.Entry<F> entry) {
        Stream<F> stream = entry.stream;
        Stream.Entry<F> first = stream.entries.pollFirst();
        if (first != entry) {
            throw new IllegalStateException("history out of order: evicting " + entry.seq + " before " + first.seq);
        }
        entry.evicted = true;
        entry.frame = null; // a stale entry may wait in the order queue; its frame must not
        bytes -= entry.bytes;
        stream.evictedThrough = entry.seq;
        if (stream.entries.isEmpty()) {
            streams.remove(key(stream.opType, stream.user));
            droppedThrough = Math.max(droppedThrough, stream.evictedThrough);
        }
    }

    /**
     * A busy stream evicts its own oldest pushes while an older push of a quiet stream still heads
     * the order queue; the evicted entries wait behind it. Dropping them once they are the majority
     * keeps the queue within twice the retained entries, so memory stays bounded at any rate.
     */
    private void compactIfMostlyStale() {
        if (stale > 1024 && stale > all.size() / 2) {
            all.removeIf(entry -> entry.evicted);
            stale = 0;
        }
    }

    private static String key(String opType, String user) {
        return user == null ? opType : opType + '\u0000' + Objects.requireNonNull(user);
    }
}
