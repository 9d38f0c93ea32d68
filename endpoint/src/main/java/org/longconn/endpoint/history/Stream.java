package org.longconn.endpoint.history;

import java.util.ArrayDeque;

/**
 * The retained pushes of one opType (or one opType for one user), oldest first, and the highest
 * sequence number that has been evicted from it: below that, this stream is no longer complete.
 */
final class Stream {

    final String opType;
    /** {@code null} for pushes to all subscribers. */
    final String user;
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long evictedThrough;

    Stream(String opType, String user) {
        this.opType = opType;
        this.user = user;
    }

    /** One retained push. */
    static final class Entry {
        final long seq;
        final long receivedAtMs;
        /** Cleared when evicted. */
        Object frame;
        final long bytes;
        final Stream stream;
        boolean evicted;

        Entry(long seq, long receivedAtMs, Object frame, long bytes, Stream stream) {
            this.seq = seq;
            this.receivedAtMs = receivedAtMs;
            this.frame = frame;
            this.bytes = bytes;
            this.stream = stream;
        }
    }
}
