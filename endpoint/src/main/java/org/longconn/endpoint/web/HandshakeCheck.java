package org.longconn.endpoint.web;

import jakarta.enterprise.event.Event;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.event.HandshakeRequest;

/**
 * Runs the application's {@link HandshakeRequest} observers on one HTTP request, for both
 * transports: the WebSocket upgrade and every request of the polling transport, after the
 * {@link OriginPolicy}. A rejection is answered here, with its status (401 or 403) and a plain-text reason; an observer that throws
 * gets the request refused with 503.
 */
final class HandshakeCheck {

    private static final Logger LOG = Logger.getLogger(HandshakeCheck.class.getName());

    /**
     * The request may go on, as {@code user} ({@code null} when anonymous), whose credentials
     * expire at {@code expiresAtMs} (ms since the epoch; 0 when they do not), with the
     * subscriptions the hook gave a new session.
     */
    record Admitted(String user, long expiresAtMs, List<String> subscriptions) {

        /** Whether the credentials expire within {@code aheadMs} of {@code nowMs}. */
        boolean expiresWithin(long aheadMs, long nowMs) {
            return expiresAtMs != 0 && expiresAtMs - nowMs <= aheadMs;
        }
    }

    private HandshakeCheck() {}

    /**
     * @return who the request is from, or {@code null} when it was refused (the refusal is already
     *     written to {@code response})
     */
    static Admitted run(
            OriginPolicy origins,
            Event<HandshakeRequest> handshakes,
            HttpServletRequest request,
            HttpServletResponse response,
            String transport)
            throws IOException {
        // Before the application's observers: a cross-site page must not even get a user checked.
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            LOG.fine(() -> "refused a " + transport + " request from origin " + origin);
            refuse(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "origin not allowed: this page's origin may not open a session here;"
                            + " the gateway's operator can allow it in longconn.allowedOrigins");
            return null;
        }
        HandshakeEvent handshake = HandshakeEvent.from(request, transport);
        try {
            handshakes.fire(handshake);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handshake observer failed; refusing the " + transport + " request", e);
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "handshake check failed on the server");
            return null;
        }
        if (handshake.isRejected()) {
            refuse(response, handshake.status(), handshake.reason());
            return null;
        }
        if (handshake.effectiveUser() == null
                && (handshake.expiresAtMs() != 0 || !handshake.subscriptions().isEmpty())) {
            // The application's mistake, not the client's: refused as an observer failure is.
            LOG.warning("a handshake observer gave an expiry or subscriptions but no observer authenticated a user;"
                    + " refusing the " + transport + " request (call HandshakeRequest.authenticate)");
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "handshake check failed on the server");
            return null;
        }
        long expiresAtMs = handshake.expiresAtMs();
        if (expiresAtMs != 0 && expiresAtMs <= System.currentTimeMillis()) {
            refuse(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "session expired: the credentials have expired; connect with a new token");
            return null;
        }
        return new Admitted(handshake.effectiveUser(), expiresAtMs, handshake.subscriptions());
    }

    static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        byte[] body = reason.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
