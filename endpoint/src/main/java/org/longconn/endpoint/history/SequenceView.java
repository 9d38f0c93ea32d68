package org.longconn.endpoint.history;

import org.longconn.api.bus.Position;

/**
 * This node's view of the cluster's sequence: the epoch it is in, the last position it received,
 * and the floor below which it cannot vouch for what it has (its start in the epoch, or the last
 * gap in what it received). Not thread-safe, like the {@link PushHistory} that holds it.
 */
final class SequenceView {

    private String epoch;
    private long lastSeq;
    /** Positions below this are not complete on this node (its start in the epoch, or a gap). */
    private long floor;

    /** Whether {@code otherEpoch} is the epoch this node is in: the pushes kept belong to it. */
    boolean isIn(String otherEpoch) {
        return otherEpoch.equals(epoch);
    }

    /** Takes the push at {@code position} into the sequence, and says what it was. */
    PushHistory.Appended advance(Position position) {
        PushHistory.Appended outcome = PushHistory.Appended.NEW;
        if (!isIn(position.epoch())) {
            // A sequencer goes on in its predecessor's epoch whenever the broker kept the last
            // position; another epoch means it did not, and what was stamped before is unknown.
            // In this one the node is complete only from this push on, or from the start when
            // this is the epoch's very first push.
            outcome = epoch == null ? PushHistory.Appended.NEW : PushHistory.Appended.AFTER_GAP;
            epoch = position.epoch();
            lastSeq = position.seq() - 1;
            floor = position.seq() == 1 ? 0 : position.seq();
        } else if (position.seq() <= lastSeq) {
            return PushHistory.Appended.DUPLICATE;
        } else if (position.seq() > lastSeq + 1) {
            // This node missed pushes (its subscription was down): nothing before the gap is complete.
            floor = position.seq() - 1;
            outcome = PushHistory.Appended.AFTER_GAP;
        }
        lastSeq = position.seq();
        return outcome;
    }

    /**
     * The pushes stamped up to {@code through} were missed: nothing up to it can be vouched for,
     * and the next push is expected right after it.
     *
     * @param through the last position stamped, or {@link PushHistory#NONE} when unknown
     */
    void missed(Position through) {
        if (PushHistory.NONE.equals(through)) {
            epoch = null;
            lastSeq = 0;
            floor = 0;
        } else if (!isIn(through.epoch())) {
            epoch = through.epoch();
            lastSeq = through.seq();
            floor = through.seq();
        } else {
            lastSeq = Math.max(lastSeq, through.seq());
            floor = Math.max(floor, through.seq());
        }
    }

    /** The position of the last push received, or {@link PushHistory#NONE} before the first one. */
    Position position() {
        return epoch == null ? PushHistory.NONE : new Position(epoch, lastSeq);
    }

    /** The position of sequence number {@code seq} in this epoch. */
    Position at(long seq) {
        return new Position(epoch, seq);
    }

    /**
     * Where a resume from the client's position {@code from} starts, or {@code null} when this
     * node cannot vouch for everything after it: another epoch, or before the floor. A client
     * whose node had seen no push yet ({@link PushHistory#NONE}) resumes from the epoch's start
     * when this node saw the epoch from its first push.
     */
    Position resumeFrom(Position from) {
        if (PushHistory.NONE.equals(from) && epoch != null && floor == 0) {
            return new Position(epoch, 0);
        }
        if (from == null || epoch == null || !from.epoch().equals(epoch) || from.seq() < floor) {
            return null;
        }
        return from;
    }
}
