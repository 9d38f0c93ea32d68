package org.longconn.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * A {@link WebSocket.Builder} whose sockets offer permessage-deflate (RFC 7692) and compress when
 * the server agrees ({@link DeflatingWebSocket}). The JDK's WebSocket client cannot: {@code
 * Sec-WebSocket-Extensions} is a header it will not send, an extension in the answer fails its
 * handshake and a compressed (RSV1) frame fails its connection. So this small RFC 6455 client does
 * the handshake and the framing itself, behind the JDK's interfaces, and the rest of the client
 * uses it as it uses the JDK's ({@link LongConnClientBuilder#compression(boolean)}).
 *
 * <p>Of the {@link HttpClient} it is given it uses the TLS context (for {@code wss}) and the
 * connect timeout (else 10 s, unless {@link #connectTimeout(Duration)} says); not its proxy,
 * authenticator, cookies or executor. Each socket has a thread of its own, {@code
 * longconn-client-socket} (daemon): it makes the handshake, then reads; writes have another
 * ({@link SocketWriter}).
 */
final class DeflatingWebSockets implements WebSocket.Builder {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Headers the handshake sets itself, which the JDK's builder refuses too. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final SSLContext tls;
    private final Duration defaultTimeout;
    private final List<String[]> headers = new ArrayList<>();
    private final List<String> subprotocols = new ArrayList<>();
    private Duration connectTimeout;
    private Duration closeTimeout = DeflatingWebSocket.CLOSE_TIMEOUT;

    /**
     * With the TLS context and connect timeout of {@code http}, as the JDK's builder would have;
     * {@code null}: the JDK's default TLS context and 10 s.
     */
    DeflatingWebSockets(HttpClient http) {
        this(
                http == null ? null : http.sslContext(),
                http == null ? DEFAULT_CONNECT_TIMEOUT : http.connectTimeout().orElse(DEFAULT_CONNECT_TIMEOUT));
    }

    /**
     * @param tls where {@code wss} sockets come from ({@code null}: the JDK's default)
     * @param defaultTimeout the connect timeout unless {@link #connectTimeout(Duration)} says
     */
    DeflatingWebSockets(SSLContext tls, Duration defaultTimeout) {
        this.tls = tls;
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    }

    @Override
    public DeflatingWebSockets header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        String lower = name.toLowerCase(Locale.ROOT);
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("not a header name: " + name);
        }
        if (RESTRICTED.contains(lower) || lower.startsWith("sec-websocket-")) {
            throw new IllegalArgumentException("restricted header name: " + name);
        }
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0xFF && c != 0x7F))) {
            throw new IllegalArgumentException("not a header value for " + name);
        }
        headers.add(new String[] {name, value});
        return this;
    }

    @Override
    public DeflatingWebSockets connectTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a connect timeout must be positive: " + timeout);
        }
        this.connectTimeout = timeout;
        return this;
    }

    /** How long a close the client sent waits for the server's before the socket closes (default 5 s). */
    DeflatingWebSockets closeTimeout(Duration timeout) {
        this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    @Override
    public DeflatingWebSockets subprotocols(String mostPreferred, String... lesserPreferred) {
        Set<String> all = new LinkedHashSet<>();
        all.add(mostPreferred);
        all.addAll(List.of(lesserPreferred));
        for (String protocol : all) {
            if (!protocol.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("not a subprotocol: " + protocol);
            }
        }
        if (all.size() != 1 + lesserPreferred.length) {
            throw new IllegalArgumentException("a subprotocol given twice");
        }
        subprotocols.clear();
        subprotocols.addAll(all);
        return this;
    }

    /**
     * Opens a socket to {@code uri} on a new thread, which then reads it.
     *
     * @throws IllegalArgumentException when {@code uri} is not a {@code ws} or {@code wss} URI
     *     without a fragment
     */
    @Override
    public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(listener, "listener");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("not a ws or wss URI: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a URI without a host: " + uri);
        }
        if (uri.getFragment() != null) {
            throw new IllegalArgumentException("a URI with a fragment: " + uri);
        }
        Duration timeout = connectTimeout != null ? connectTimeout : defaultTimeout;
        List<String[]> extra = List.copyOf(headers);
        List<String> protocols = List.copyOf(subprotocols);
        Duration closing = closeTimeout;
        CompletableFuture<WebSocket> built = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    SocketHandshake.Opened opened;
                    try {
                        SSLContext ssl = scheme.equals("wss") ? tls() : null;
                        opened = SocketHandshake.open(uri, extra, protocols, timeout, ssl);
                    } catch (IOException | RuntimeException e) {
                        built.completeExceptionally(e);
                        return;
                    }
                    new DeflatingWebSocket(opened, listener, closing).run(built);
                },
                "longconn-client-socket");
        thread.setDaemon(true);
        thread.start();
        return built;
    }

    private SSLContext tls() throws IOException {
        if (tls != null) {
            return tls;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS", e);
        }
    }
}
