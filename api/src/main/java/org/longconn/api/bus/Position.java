package org.longconn.api.bus;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Where a push stands in the cluster's one sequence of pushes: an epoch (one sequencer's run)
 * and a sequence number within it, given once per push before any node fans it out, so it means
 * the same on every node. Clients see it as the opaque string {@code "<epoch>-<seq>"}.
 *
 * @param epoch the sequencer run that stamped the push: letters and digits, 1 to 32 characters
 * @param seq 1 for the first push of the epoch, then +1 per push, without gaps
 */
public record Position(String epoch, long seq) {

    private static final int MAX_EPOCH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (!isEpoch(epoch)) {
            throw new IllegalArgumentException(
                    "an epoch is 1 to " + MAX_EPOCH + " letters and digits: '" + epoch + "'");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
    }

    /** A fresh epoch for a new sequencer run: random, so that no two runs share one. */
    public static String randomEpoch() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    /**
     * Whether this position comes after {@code other} in the same epoch. Positions of different
     * epochs are not ordered: this is then {@code false}.
     */
    public boolean isAfter(Position other) {
        return epoch.equals(other.epoch) && seq > other.seq;
    }

    /**
     * Whether this position is {@code through} or comes before it, in the same epoch: a client
     * that has everything through {@code through} has this push. Never across epochs.
     */
    public boolean isCoveredBy(Position through) {
        return epoch.equals(through.epoch) && seq <= through.seq;
    }

    /**
     * The later of this position and {@code newer}: this one when it is ahead of {@code newer} in
     * the same epoch, otherwise {@code newer} (another epoch is taken as the newer).
     */
    public Position laterOf(Position newer) {
        return isAfter(newer) ? this : newer;
    }

    /** The position as clients see it. */
    public String wire() {
        return epoch + '-' + seq;
    }

    /** The position in a client's string, or {@code null} when it is not one (never throws). */
    public static Position parse(String wire) {
        if (wire == null) {
            return null;
        }
        int dash = wire.lastIndexOf('-');
        // At most 18 digits: every such number fits a long.
        if (dash <= 0 || dash == wire.length() - 1 || wire.length() - dash > 19) {
            return null;
        }
        String epoch = wire.substring(0, dash);
        if (!isEpoch(epoch)) {
            return null;
        }
        long seq = 0;
        for (int i = dash + 1; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            seq = seq * 10 + (c - '0');
        }
        return new Position(epoch, seq);
    }

    private static boolean isEpoch(String epoch) {
        if (epoch.isEmpty() || epoch.length() > MAX_EPOCH) {
            return false;
        }
        for (int i = 0; i < epoch.length(); i++) {
            char c = epoch.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return wire();
    }
}
