package org.longconn.api.event;

/**
 * Fired synchronously, unqualified, once per session after it closed, whoever closed it.
 *
 * @param sessionId the session's id
 * @param userId its user, or {@code null}
 * @param code the WebSocket close code (see docs/PROTOCOL.md for the gateway's 4xxx codes)
 * @param reason the close reason, possibly empty
 */
public record SessionClosed(String sessionId, String userId, int code, String reason) {}
