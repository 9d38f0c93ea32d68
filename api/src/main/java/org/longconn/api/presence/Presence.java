package org.longconn.api.presence;

import java.util.Map;

/**
 * Who is subscribed to an opType across the cluster, as this node sees it (PROTOCOL.md §18): a
 * user is a member of an exact opType while one of its WebSocket sessions, on any node, holds a
 * subscription to exactly that opType. Inject it anywhere in the application; reads are cheap
 * (a copy of this node's table, no broker round trip). Changes on other nodes reach this node
 * through the broker; a crashed node's members are dropped when its lease runs out (about 15 s).
 */
public interface Presence {

    /**
     * The members of {@code opType}: user id → how many of its sessions hold the subscription.
     *
     * @throws IllegalArgumentException when {@code opType} is not a valid exact opType
     */
    Map<String, Integer> members(String opType);

    /**
     * The members of every opType that has members and matches {@code opTypeOrPattern} (an exact
     * opType matches itself): opType → (user id → sessions).
     *
     * @throws IllegalArgumentException when {@code opTypeOrPattern} is not a valid opType or pattern
     */
    Map<String, Map<String, Integer>> membersMatching(String opTypeOrPattern);

    /**
     * How many users are members of {@code opType}.
     *
     * @throws IllegalArgumentException when {@code opType} is not a valid exact opType
     */
    int userCount(String opType);
}
