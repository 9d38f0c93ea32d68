package org.longconn.client;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who is subscribed to an opType the client watches ({@link LongConnClient#watchPresence}), across
 * the gateway's cluster (PROTOCOL.md §18): the server's last snapshot with every {@code join} and
 * {@code leave} since applied to it. A user is a member while at least one of its sessions holds a
 * subscription to exactly that opType; anonymous sessions and polling clients never are.
 *
 * <p>A member's session count is the one of the snapshot or of its join: later changes of a count
 * alone are not sent (watch again for fresh counts). When the snapshot was not {@link #complete()},
 * {@link #members()} lists only part of the members, and a leave of a member it does not list
 * lowers {@link #users()} but not {@link #sessions()} (its count is unknown).
 *
 * @param opType the watched opType
 * @param members the members known to the client, by user id (in its order), with their session
 *     counts; unmodifiable
 * @param users how many users are members, cluster-wide
 * @param sessions how many sessions those users hold on the opType, cluster-wide
 * @param complete whether {@code members} lists every member; {@code false} when the server's
 *     snapshot had more than it lists ({@code maxPresenceMembers}), then only the counts are whole
 * @param change what made this view: a snapshot, or the user who joined or left
 */
public record PresenceView(
        String opType, Map<String, Integer> members, int users, int sessions, boolean complete, PresenceChange change) {

    /** @throws NullPointerException when {@code opType}, {@code members} or {@code change} is missing */
    public PresenceView {
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(change, "change");
        members = Collections.unmodifiableMap(new TreeMap<>(members));
    }
}
