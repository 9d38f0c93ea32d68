package org.longconn.bridge;

/**
 * A service's answer to a forwarded call.
 *
 * @param correlationId the call's correlation id
 * @param dataJson the reply's data as JSON text, when it succeeded
 * @param errorCode the application's error code when it failed, else {@code null}
 * @param errorMessage the error's message, or {@code null}
 */
public record InboundReply(String correlationId, String dataJson, String errorCode, String errorMessage) {

    /** Whether the service failed the call (then {@link #errorCode()} is set). */
    public boolean isError() {
        return errorCode != null;
    }
}
