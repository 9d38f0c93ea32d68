package org.longconn.endpoint.history;

import java.util.ArrayDeque;

/**
 * The retained pushes of one opType (or one opType for one user), oldest first, and the highest
 * sequence number that has been evicted from it: below that, this stream is no longer complete.
 */
final class Stream<F> {

    final String opType;
    /** {@code null} for pushes to all subscribers. */
    final String user;

    final ArrayDeque<Entry<F>> entries = new ArrayDeque<>();
    long evictedThrough;

    Stream(String opType, String user) {
        this.opType = opType;
        this.user = user;
    }

    /** One retained push. */
    static final class Entry<F> {
        final long seq;
        final long receivedAtMs;
        /** Cleared when evicted. */
        F frame;

        final long bytes;
        final Stream<F> stream;
        boolean evicted;

        Entry(long seq, long receivedAtMs, F frame, long bytes, Stream<F> stream) {
            this.seq = seq;
            this.receivedAtMs = receivedAtMs;
            this.frame = frame;
            this.bytes = bytes;
            this.stream = stream;
        }
    }
}
