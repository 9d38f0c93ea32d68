package org.longconn.endpoint.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.Position;

/**
 * The recent pushes this node received, in the cluster's sequence, bounded three ways: at most
 * {@code perStream} pushes per opType (per opType and user for user-targeted pushes), none older
 * than {@code maxAgeMs}, and at most {@code maxBytes} in all (counting each push's encoded frame
 * plus a fixed overhead), whatever the publish rate.
 *
 * <p>It also knows how far back it is complete. A resume from position <i>p</i> is possible only
 * when nothing after <i>p</i> that the subscription could match has left this history or never
 * reached it: same epoch, <i>p</i> at or after the point where this node's view of the epoch
 * starts (its first push in the epoch, or the last gap in the sequence it received), and at or
 * after everything evicted from every stream the subscription matches (and from any stream
 * dropped altogether).
 *
 * <p>Not thread-safe: the node's push router calls it under its delivery lock, which is what
 * puts a replay exactly before the live pushes that follow it.
 *
 * @param <F> the encoded frame kept for each push
 */
public final class PushHistory<F> {

    /** What {@link #append} made of a push. */
    public enum Appended {
        /** Kept (or, for a session-targeted push, only counted): deliver it. */
        NEW,
        /**
         * Kept, like {@link #NEW}, but this node missed pushes right before it (a gap in the
         * sequence, or another epoch after one): the sessions' subscriptions have a gap.
         */
        AFTER_GAP,
        /** Already received (a redelivery): do not deliver it again. */
        DUPLICATE
    }

    /**
     * The outcome of a resume request: the opTypes that cannot be recovered, and the frames to
     * replay for the others, in order, each push once.
     */
    public record Replay<F>(Set<String> lost, List<F> frames) {

        /** Whether {@code opType}'s missed pushes are in {@link #frames}. */
        public boolean recovered(String opType) {
            return !lost.contains(opType);
        }

        /** Whether every requested opType was recovered. */
        public boolean recovered() {
            return lost.isEmpty();
        }
    }

    /** One subscription to resume: its opType or pattern and the client's last position for it. */
    public record Resume(String opType, String position) {}

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

    private String epoch;
    private long lastSeq;
    /** Positions below this are not complete on this node (its start in the epoch, or a gap). */
    private long floor;
    /** The highest sequence number evicted from any stream that is gone altogether. */
    private long droppedThrough;

    /** The position given before this node has seen any push: no resume from it can succeed. */
    public static final Position NONE = new Position("none", 0);

    public PushHistory(int perStream, long maxAgeMs, long maxBytes) {
        if (perStream < 1 || maxAgeMs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("history bounds must be positive");
        }
        this.perStream = perStream;
        this.maxAgeMs = maxAgeMs;
        this.maxBytes = maxBytes;
    }

    /**
     * Records a push received at {@code nowMs}. Session-targeted pushes ({@code keep} false) only
     * advance the sequence: a session id is never seen again after a reconnect.
     *
     * @param user the target user, or {@code null} for a push to all subscribers
     * @param frameBytes the encoded frame's size, for the byte bound
     */
    public Appended append(
            String opType, String user, Position position, F frame, long frameBytes, boolean keep, long nowMs) {
        Appended outcome = Appended.NEW;
        if (!position.epoch().equals(epoch)) {
            // A sequencer goes on in its predecessor's epoch whenever the broker kept the last
            // position; another epoch means it did not, and what was stamped before is unknown.
            outcome = epoch == null ? Appended.NEW : Appended.AFTER_GAP;
            // Nothing of the old epoch can be resumed any more, and in this one only from this push
            // on: only an epoch seen from its very first push is complete from its start.
            clear();
            epoch = position.epoch();
            lastSeq = position.seq() - 1;
            floor = position.seq() == 1 ? 0 : position.seq();
        } else if (position.seq() <= lastSeq) {
            return Appended.DUPLICATE;
        } else if (position.seq() > lastSeq + 1) {
            // This node missed pushes (its subscription was down): nothing before the gap is complete.
            floor = position.seq() - 1;
            outcome = Appended.AFTER_GAP;
        }
        lastSeq = position.seq();
        expire(nowMs);
        if (keep) {
            Stream<F> stream = streams.computeIfAbsent(key(opType, user), k -> new Stream<>(opType, user));
            Stream.Entry<F> entry =
                    new Stream.Entry<>(position.seq(), nowMs, frame, frameBytes + ENTRY_OVERHEAD_BYTES, stream);
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
        return outcome;
    }

    /**
     * This node learned that it missed the pushes stamped up to {@code through}: nothing up to it
     * can be vouched for, and the next push is expected right after it (one that comes later is
     * another gap, which the sessions are told of like this one).
     *
     * @param through the last position stamped, or {@link #NONE} when unknown
     */
    public void missed(Position through) {
        if (NONE.equals(through)) {
            clear();
            epoch = null;
            lastSeq = 0;
            floor = 0;
            return;
        }
        if (!through.epoch().equals(epoch)) {
            clear();
            epoch = through.epoch();
        }
        lastSeq = Math.max(lastSeq, through.seq());
        floor = Math.max(floor, through.seq());
    }

    /** The position of the last push received, or {@link #NONE} before the first one. */
    public Position position() {
        return epoch == null ? NONE : new Position(epoch, lastSeq);
    }

    /**
     * What a session of {@code user} subscribing with {@code resumes} missed, in order, each push
     * once even when several subscriptions match it. A resume is lost when this history cannot
     * vouch for everything after its position; all are lost when more than {@code maxFrames}
     * pushes, or more than {@code maxBytes} of frames, would be replayed (the session's outbox must
     * be able to take them).
     */
    public Replay<F> replay(List<Resume> resumes, String user, int maxFrames, long maxBytes, long nowMs) {
        expire(nowMs);
        Set<String> lost = new HashSet<>();
        List<Stream.Entry<F>> found = missed(resumes, user, lost);
        List<F> frames = new ArrayList<>(found.size());
        long bytes = 0;
        for (Stream.Entry<F> entry : found) {
            frames.add(entry.frame);
            bytes += entry.bytes - ENTRY_OVERHEAD_BYTES;
            if (frames.size() > maxFrames || bytes > maxBytes) {
                Set<String> all = new HashSet<>();
                resumes.forEach(resume -> all.add(resume.opType()));
                return new Replay<>(Set.copyOf(all), List.of());
            }
        }
        return new Replay<>(Set.copyOf(lost), frames);
    }

    /**
     * One poll's worth of what {@code resumes} missed: like {@link #replay}, but a long backlog is
     * cut into pages instead of being refused. The page holds the first missed pushes in order, at
     * most {@code maxFrames} and {@code maxBytes} (always at least one push, so a poll makes
     * progress), and says through which position it is complete: the client resumes from there.
     */
    public Page<F> page(List<Resume> resumes, String user, int maxFrames, long maxBytes, long nowMs) {
        expire(nowMs);
        Set<String> lost = new HashSet<>();
        List<Stream.Entry<F>> found = missed(resumes, user, lost);
        List<F> frames = new ArrayList<>(Math.min(found.size(), maxFrames));
        long bytes = 0;
        for (Stream.Entry<F> entry : found) {
            long size = entry.bytes - ENTRY_OVERHEAD_BYTES;
            if (!frames.isEmpty() && (frames.size() == maxFrames || bytes + size > maxBytes)) {
                // Cut before this push: everything up to the previous one is in the page.
                Position through = new Position(epoch, found.get(frames.size() - 1).seq);
                return new Page<>(Set.copyOf(lost), frames, through, true);
            }
            frames.add(entry.frame);
            bytes += size;
        }
        return new Page<>(Set.copyOf(lost), frames, position(), false);
    }

    /**
     * A page of missed pushes for a poll.
     *
     * @param lost the requested opTypes that cannot be recovered
     * @param frames the missed pushes of the others, in order, each once
     * @param through the position the recovered opTypes are complete through after these frames
     * @param more whether more missed pushes follow {@code through} (the page was cut)
     */
    public record Page<F>(Set<String> lost, List<F> frames, Position through, boolean more) {

        /** Whether {@code opType}'s missed pushes are in this page (and the ones after it). */
        public boolean recovered(String opType) {
            return !lost.contains(opType);
        }
    }

    /**
     * The retained pushes after each resume's position that it matches, in sequence order, each
     * once; the opTypes that cannot be resumed go to {@code lost}.
     */
    private List<Stream.Entry<F>> missed(List<Resume> resumes, String user, Set<String> lost) {
        List<Stream.Entry<F>> found = new ArrayList<>();
        for (Resume resume : resumes) {
            List<Stream.Entry<F>> missed = missed(resume, user);
            if (missed == null) {
                lost.add(resume.opType());
            } else {
                found.addAll(missed);
            }
        }
        found.sort((a, b) -> Long.compare(a.seq, b.seq));
        List<Stream.Entry<F>> unique = new ArrayList<>(found.size());
        long previous = -1;
        for (Stream.Entry<F> entry : found) {
            if (entry.seq != previous) {
                unique.add(entry);
                previous = entry.seq;
            }
        }
        return unique;
    }

    /** The retained pushes after {@code resume}'s position it matches, or {@code null} when incomplete. */
    private List<Stream.Entry<F>> missed(Resume resume, String user) {
        Position from = Position.parse(resume.position());
        if (NONE.equals(from) && epoch != null && floor == 0) {
            // The client's node had seen no push when it gave this; this node saw the epoch from its
            // first push, so whatever the client may have missed is here (if not evicted).
            from = new Position(epoch, 0);
        }
        if (from == null
                || epoch == null
                || !from.epoch().equals(epoch)
                || from.seq() < floor
                || from.seq() < droppedThrough) {
            return null;
        }
        List<Stream.Entry<F>> missed = new ArrayList<>();
        for (Stream<F> stream : streams.values()) {
            if (!visibleTo(stream, user) || !OpTypes.matches(resume.opType(), stream.opType)) {
                continue;
            }
            if (from.seq() < stream.evictedThrough) {
                return null;
            }
            for (Stream.Entry<F> entry : stream.entries) {
                if (entry.seq > from.seq()) {
                    missed.add(entry);
                }
            }
        }
        return missed;
    }

    /** Bytes held now (frames plus overhead), for monitoring and the memory test. */
    public long bytes() {
        return bytes;
    }

    /** Pushes held now. */
    public int size() {
        int size = 0;
        for (Stream<F> stream : streams.values()) {
            size += stream.entries.size();
        }
        return size;
    }

    /** Subscriptions to opType {@code pattern} of {@code user} see this stream. */
    private static boolean visibleTo(Stream<?> stream, String user) {
        return stream.user == null || stream.user.equals(user);
    }

    private void expire(long nowMs) {
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

    private void clear() {
        streams.clear();
        all.clear();
        stale = 0;
        bytes = 0;
        droppedThrough = 0;
    }

    private static String key(String opType, String user) {
        return user == null ? opType : opType + '\u0000' + Objects.requireNonNull(user);
    }
}
