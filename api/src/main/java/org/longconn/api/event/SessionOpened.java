package org.longconn.api.event;

/**
 * Fired synchronously, unqualified, after a session completed its handshake and before its
 * {@code welcome} frame is sent.
 *
 * @param sessionId the gateway's id of the session, unique across the cluster
 * @param userId the user set by a {@link HandshakeRequest} observer (or the container's
 *     authenticated principal), {@code null} for anonymous sessions
 */
public record SessionOpened(String sessionId, String userId) {}
