package org.longconn.endpoint.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writing the node's HTTP answers (polling, health, admin, metrics): never cached, with a retry
 * hint on 503.
 */
public final class HttpAnswers {

    /** Seconds a client should wait before polling again after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;

    private HttpAnswers() {}

    /** Writes {@code body} (JSON, plain text, or nothing when {@code null}) with {@code status}. */
    public static void write(HttpServletResponse response, int status, String body) throws IOException {
        if (body == null) {
            write(response, status, null, null);
            return;
        }
        write(
                response,
                status,
                body.startsWith("{") ? "application/json;charset=UTF-8" : "text/plain;charset=UTF-8",
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code body} (nothing when {@code null}) as {@code contentType} with {@code status}. */
    public static void write(HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        noStore(response);
        response.setStatus(status);
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        if (body == null) {
            return;
        }
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Answers of a stateful exchange must never come from a cache, nor be stored by one. */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }
}
