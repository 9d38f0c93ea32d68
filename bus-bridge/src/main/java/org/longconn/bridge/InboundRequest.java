package org.longconn.bridge;

import java.util.Objects;

/**
 * A client message or call to forward to the services on the inbound address.
 *
 * @param opType the client's opType
 * @param sessionId the client's session
 * @param userId the client's user, or {@code null}
 * @param dataJson the client's {@code data}, as JSON text
 * @param correlationId for calls, the id the reply must carry; {@code null} for messages
 */
public record InboundRequest(String opType, String sessionId, String userId, String dataJson, String correlationId) {

    public InboundRequest {
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(dataJson, "dataJson");
    }

    /** Whether a reply is expected. */
    public boolean isCall() {
        return correlationId != null;
    }
}
