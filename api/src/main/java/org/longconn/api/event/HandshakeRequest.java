package org.longconn.api.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fired synchronously, unqualified, for every WebSocket upgrade request to the gateway, before the
 * upgrade, and for every request of the HTTP polling transport ({@code GET} and {@code POST
 * /poll}), which keeps no state between requests. Observers read the request and either
 * {@linkplain #authenticate(String) set the user} or {@linkplain #reject(int, String) reject} it,
 * in which case the client gets the HTTP status (401 or 403) instead of a WebSocket or an answer.
 * Without observers every request is accepted anonymously. A token a client can send on both
 * transports is a query parameter (browsers cannot set headers on a WebSocket upgrade).
 *
 * <pre>{@code
 * void authenticate(@Observes HandshakeRequest handshake) {
 *     tokens.userFor(handshake.queryParameter("token"))
 *           .ifPresentOrElse(handshake::authenticate,
 *                            () -> handshake.reject(401, "missing or expired token"));
 * }
 * }</pre>
 */
public interface HandshakeRequest {

    /** The WebSocket transport, as {@link #transport()} reports it. */
    String WEBSOCKET = "websocket";

    /** The HTTP polling transport, as {@link #transport()} reports it. */
    String POLLING = "polling";

    /** {@link #WEBSOCKET} for an upgrade request, {@link #POLLING} for a poll or a posted frame. */
    String transport();

    /** Request headers, names in lower case. */
    Map<String, List<String>> headers();

    /** The first value of header {@code name} (case-insensitive), or {@code null}. */
    String header(String name);

    /** Query parameters of the upgrade URL. */
    Map<String, List<String>> queryParameters();

    /** The first value of query parameter {@code name}, or {@code null}. */
    String queryParameter(String name);

    /** Sub-protocols offered by the client in {@code Sec-WebSocket-Protocol}, in order. */
    List<String> subprotocols();

    /** The client's address as seen by the server. */
    String remoteAddress();

    /** The user already authenticated by the container, or {@code null}. */
    String containerUser();

    /** Sets the session's user id, which {@link org.longconn.api.push.Pusher#pushToUser} targets. */
    void authenticate(String userId);

    /**
     * The session's credentials expire at {@code expiry} (PROTOCOL.md §16): before it the gateway
     * asks the client for a new token, which a {@link RefreshRequest} observer may accept; without
     * an accepted one the session ends at {@code expiry} with close code 4005, and the client
     * reconnects with a new token. On a polling request, a poll within the refresh window is
     * answered {@code refresh_required}. An expiry already past refuses the request with 401.
     *
     * <p>A credential that expires belongs to a user: when no observer (nor the container)
     * authenticated one, the request is refused with 503 and the mistake is logged.
     */
    default void expiresAt(Instant expiry) {
        throw new UnsupportedOperationException(
                "expiresAt is not supported by " + getClass().getName());
    }

    /**
     * Gives the new WebSocket session a subscription to {@code opTypeOrPattern}, made by the server
     * (PROTOCOL.md §17): checked like a client's subscribe (the {@link SubscriptionRequest}
     * observers included) and told to the client in a {@code subscribed} frame marked {@code
     * server}. For an authenticated user; ignored on polling requests, which name their opTypes.
     *
     * <p>Without an authenticated user the request is refused with 503 and the mistake is logged.
     */
    default void subscribe(String opTypeOrPattern) {
        throw new UnsupportedOperationException(
                "subscribe is not supported by " + getClass().getName());
    }

    /**
     * Rejects the upgrade.
     *
     * @param status 401 (not authenticated) or 403 (not allowed)
     * @param reason a sentence for the client, sent as the HTTP reason body
     * @throws IllegalArgumentException for another status
     */
    void reject(int status, String reason);

    /** Whether an observer rejected the handshake. */
    boolean isRejected();
}
