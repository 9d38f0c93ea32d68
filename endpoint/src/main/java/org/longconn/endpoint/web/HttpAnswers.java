package org.longconn.endpoint.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writing the polling transport's answers: JSON, never cached, with a retry hint on 503. */
final class HttpAnswers {

    /** Seconds a client should wait before polling again after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;

    private HttpAnswers() {}

    /** Writes {@code body} (JSON, or nothing when {@code null}) with {@code status}. */
    static void write(HttpServletResponse response, int status, String body) throws IOException {
        noStore(response);
        response.setStatus(status);
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        if (body == null) {
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType(body.startsWith("{") ? "application/json;charset=UTF-8" : "text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Answers of a stateful exchange must never come from a cache, nor be stored by one. */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }
}
