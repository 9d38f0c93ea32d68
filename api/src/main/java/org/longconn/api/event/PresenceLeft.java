package org.longconn.api.event;

/**
 * Fired, unqualified, when a user is no longer a member of an opType (PROTOCOL.md §18): its last
 * session holding the subscription unsubscribed or ended, or the node holding it stopped or lost
 * its lease. Fired like {@link PresenceJoined}.
 *
 * @param opType the exact opType
 * @param userId the user
 */
public record PresenceLeft(String opType, String userId) {}
