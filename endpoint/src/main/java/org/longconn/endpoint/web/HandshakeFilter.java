package org.longconn.endpoint.web;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import org.longconn.api.event.HandshakeRequest;
import org.longconn.endpoint.lifecycle.GatewayLifecycle;
import org.longconn.endpoint.metrics.GatewayMetrics;

/**
 * Checks a WebSocket upgrade before the container sees it: a malformed one ({@link
 * UpgradeRequestCheck}) is answered 400 or 426, then the {@link HandshakeRequest} hook runs, and
 * the upgrade itself happens further down the filter chain. A rejection answers the upgrade with 401 or 403 and a plain-text reason; an
 * authenticated user travels to the endpoint as the request's principal, which the WebSocket
 * session reports as {@code getUserPrincipal()}.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Event<HandshakeRequest> handshakes;

    @Inject
    transient OriginPolicy origins;

    @Inject
    transient GatewayMetrics metrics;

    @Inject
    transient GatewayLifecycle lifecycle;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        if (!lifecycle.serving()) {
            // Draining or stopping: the client's reconnect goes to another node.
            response.setHeader("Retry-After", Integer.toString(HttpAnswers.RETRY_AFTER_SECONDS));
            HandshakeCheck.refuse(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "node_unavailable: this node is draining; connect to another node");
            metrics.handshake(false);
            return;
        }
        UpgradeRequestCheck.Problem malformed = UpgradeRequestCheck.check(
                request.getMethod(),
                request.getProtocol(),
                request.getHeader("Connection"),
                request.getHeader("Sec-WebSocket-Key"),
                request.getHeader("Sec-WebSocket-Version"),
                request.getHeader("Host"));
        if (malformed != null) {
            if (malformed.status() == 426) {
                response.setHeader("Sec-WebSocket-Version", UpgradeRequestCheck.VERSION);
            }
            response.setHeader("Connection", "close");
            HandshakeCheck.refuse(response, malformed.status(), malformed.reason());
            metrics.handshake(false);
            return;
        }
        HandshakeCheck.Admitted admitted =
                HandshakeCheck.run(origins, handshakes, request, response, HandshakeRequest.WEBSOCKET);
        metrics.handshake(admitted != null);
        if (admitted == null) {
            return;
        }
        String user = admitted.user();
        ServletRequest next = user == null
                ? request
                : new AuthenticatedRequest(
                        request, new GatewayPrincipal(user, admitted.expiresAtMs(), admitted.subscriptions()));
        chain.doFilter(next, response);
    }

    /** Carries the user chosen by the handshake hook to the WebSocket session. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final Principal principal;

        AuthenticatedRequest(HttpServletRequest request, GatewayPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }
    }

    /**
     * The user the handshake hook chose, when the credentials expire (ms since the epoch, 0 when
     * they do not) and the subscriptions it gave the session: the WebSocket session reports it as
     * its principal.
     */
    record GatewayPrincipal(String getName, long expiresAtMs, List<String> subscriptions) implements Principal {}
}
