package org.longconn.api.event;

/**
 * Fired, unqualified, when a user becomes a member of an opType (PROTOCOL.md §18): its first
 * session on any node subscribed to it. Every node fires it for the changes it sees, on a gateway
 * thread, one event at a time in the order the node saw them; an observer that must act once for
 * the whole cluster acts on one node only, or makes its action idempotent.
 *
 * @param opType the exact opType
 * @param userId the user
 * @param sessions how many of its sessions hold the subscription now
 */
public record PresenceJoined(String opType, String userId, int sessions) {}
