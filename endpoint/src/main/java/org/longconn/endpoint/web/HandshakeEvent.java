package org.longconn.endpoint.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.longconn.api.event.HandshakeRequest;

/** An upgrade request, or a request of the polling transport, as the {@link HandshakeRequest} event observers see. */
final class HandshakeEvent implements HandshakeRequest {

    private final String transport;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> query;
    private final List<String> subprotocols;
    private final String remoteAddress;
    private final String containerUser;
    private volatile String userId;
    /** When the credentials expire, in ms since the epoch; 0 when they do not. */
    private volatile long expiresAtMs;

    private final List<String> subscriptions = new CopyOnWriteArrayList<>();

    private volatile int status;
    private volatile String reason;

    private HandshakeEvent(
            String transport,
            Map<String, List<String>> headers,
            Map<String, List<String>> query,
            List<String> subprotocols,
            String remoteAddress,
            String containerUser) {
        this.transport = transport;
        this.headers = headers;
        this.query = query;
        this.subprotocols = subprotocols;
        this.remoteAddress = remoteAddress;
        this.containerUser = containerUser;
    }

    static HandshakeEvent from(HttpServletRequest request, String transport) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(Collections.list(request.getHeaders(name)));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        QueryParameters.parse(request.getQueryString()).forEach((name, values) -> query.put(name, List.of(values)));
        List<String> subprotocols = new ArrayList<>();
        for (String value : headers.getOrDefault("sec-websocket-protocol", List.of())) {
            for (String protocol : value.split(",")) {
                if (!protocol.isBlank()) {
                    subprotocols.add(protocol.strip());
                }
            }
        }
        String user = request.getUserPrincipal() == null
                ? null
                : request.getUserPrincipal().getName();
        return new HandshakeEvent(
                transport,
                Collections.unmodifiableMap(headers),
                Collections.unmodifiableMap(query),
                List.copyOf(subprotocols),
                request.getRemoteAddr(),
                user);
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return query;
    }

    @Override
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> subprotocols() {
        return subprotocols;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String containerUser() {
        return containerUser;
    }

    @Override
    public void authenticate(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("userId must be a non-empty string");
        }
        this.userId = userId;
    }

    @Override
    public void expiresAt(Instant expiry) {
        // Whether a user is authenticated is checked once every observer ran (HandshakeCheck):
        // another observer may authenticate after this one.
        this.expiresAtMs = Math.max(1, expiry.toEpochMilli());
    }

    @Override
    public void subscribe(String opTypeOrPattern) {
        if (opTypeOrPattern == null || opTypeOrPattern.isEmpty()) {
            throw new IllegalArgumentException("an opType or pattern is required, e.g. \"alerts.\" + userId");
        }
        subscriptions.add(opTypeOrPattern);
    }

    @Override
    public synchronized void reject(int status, String reason) {
        if (status != 401 && status != 403) {
            throw new IllegalArgumentException("a handshake is rejected with 401 or 403, not " + status);
        }
        if (this.status == 0) {
            this.status = status;
            this.reason = reason == null ? "" : reason;
        }
    }

    @Override
    public boolean isRejected() {
        return status != 0;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    /** The subscriptions observers gave the new session. */
    List<String> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** When the credentials expire (ms since the epoch), or 0 when they do not. */
    long expiresAtMs() {
        return expiresAtMs;
    }

    /** The user for the session: set by an observer, else the container's, else {@code null}. */
    String effectiveUser() {
        return userId != null ? userId : containerUser;
    }
}
