package org.longconn.endpoint.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.longconn.api.bus.Position;

/**
 * The recent pushes this node received, in the cluster's sequence ({@link SequenceView}), kept in
 * {@link RetainedPushes}, bounded three ways: at most {@code perStream} pushes per opType (per
 * opType and user for user-targeted pushes), none older than {@code maxAgeMs}, and at most
 * {@code maxBytes} in all (counting each push's encoded frame plus a fixed overhead), whatever the
 * publish rate.
 *
 * <p>It also knows how far back it is complete. A resume from position <i>p</i> is possible only
 * when nothing after <i>p</i> that the subscription could match has left this history or never
 * reached it: same epoch, <i>p</i> at or after the point where this node's view of the epoch
 * starts (its first push in the epoch, or the last gap in the sequence it received), and at or
 * after everything evicted from every stream the subscription matches (and from any stream
 * dropped altogether).
 *
 * <p>Not thread-safe: the node's delivery order calls it under its lock, which is what puts a
 * replay exactly before the live pushes that follow it.
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

    private final SequenceView sequence = new SequenceView();
    private final RetainedPushes<F> retained;

    /** The position given before this node has seen any push: no resume from it can succeed. */
    public static final Position NONE = new Position("none", 0);

    public PushHistory(int perStream, long maxAgeMs, long maxBytes) {
        if (perStream < 1 || maxAgeMs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("history bounds must be positive");
        }
        this.retained = new RetainedPushes<>(perStream, maxAgeMs, maxBytes);
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
        if (!sequence.isIn(position.epoch())) {
            // Nothing of another epoch can be resumed any more.
            retained.clear();
        }
        Appended outcome = sequence.advance(position);
        if (outcome == Appended.DUPLICATE) {
            return outcome;
        }
        retained.expire(nowMs);
        if (keep) {
            retained.add(opType, user, position.seq(), frame, frameBytes, nowMs);
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
        if (NONE.equals(through) || !sequence.isIn(through.epoch())) {
            retained.clear();
        }
        sequence.missed(through);
    }

    /** The position of the last push received, or {@link #NONE} before the first one. */
    public Position position() {
        return sequence.position();
    }

    /**
     * What a session of {@code user} subscribing with {@code resumes} missed, in order, each push
     * once even when several subscriptions match it. A resume is lost when this history cannot
     * vouch for everything after its position; all are lost when more than {@code maxFrames}
     * pushes, or more than {@code maxBytes} of frames, would be replayed (the session's outbox must
     * be able to take them).
     */
    public Replay<F> replay(List<Resume> resumes, String user, int maxFrames, long maxBytes, long nowMs) {
        retained.expire(nowMs);
        Set<String> lost = new HashSet<>();
        List<Stream.Entry<F>> found = missed(resumes, user, lost);
        List<F> frames = new ArrayList<>(found.size());
        long bytes = 0;
        for (Stream.Entry<F> entry : found) {
            frames.add(entry.frame);
            bytes += entry.bytes - RetainedPushes.ENTRY_OVERHEAD_BYTES;
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
        retained.expire(nowMs);
        Set<String> lost = new HashSet<>();
        List<Stream.Entry<F>> found = missed(resumes, user, lost);
        List<F> frames = new ArrayList<>(Math.min(found.size(), maxFrames));
        long bytes = 0;
        for (Stream.Entry<F> entry : found) {
            long size = entry.bytes - RetainedPushes.ENTRY_OVERHEAD_BYTES;
            if (!frames.isEmpty() && (frames.size() == maxFrames || bytes + size > maxBytes)) {
                // Cut before this push: everything up to the previous one is in the page.
                Position through = sequence.at(found.get(frames.size() - 1).seq);
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
        Position from = sequence.resumeFrom(Position.parse(resume.position()));
        return from == null ? null : retained.after(from.seq(), resume.opType(), user);
    }

    /** Bytes held now (frames plus overhead), for monitoring and the memory test. */
    public long bytes() {
        return retained.bytes();
    }

    /** Pushes held now. */
    public int size() {
        return retained.size();
    }
}
