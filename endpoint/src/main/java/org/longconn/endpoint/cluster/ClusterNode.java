package org.longconn.endpoint.cluster;

/**
 * A node of the cluster as it last announced itself.
 *
 * @param id its node id
 * @param sessions the WebSocket sessions it held then
 * @param subscriptions the subscriptions those sessions held then
 * @param startedAt when its gateway started, ms since the epoch
 * @param lastSeenMillis when this node last heard from it, ms since the epoch
 */
public record ClusterNode(String id, int sessions, int subscriptions, long startedAt, long lastSeenMillis) {}
