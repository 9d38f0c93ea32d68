package org.longconn.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Settings of a {@link LongConnClient}: {@code LongConnClient.builder(uri)...build()}. */
public final class LongConnClientBuilder {

    final List<URI> nodes;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** The app's HTTP client; {@code null}: a default one, made at the first JDK WebSocket ({@link #jdkHttp()}). */
    HttpClient http;

    Duration minBackoff = Duration.ofMillis(500);
    Duration maxBackoff = Duration.ofSeconds(30);
    int maxQueued = 1_000;
    boolean compression;
    Runnable onOpen = () -> {};
    Runnable onReconnect = () -> {};
    Consumer<DisconnectInfo> onDisconnect = info -> {};
    Consumer<String> onRecoveryFailed = opType -> System.getLogger(LongConnClient.class.getName())
            .log(
                    System.Logger.Level.WARNING,
                    "pushes of " + opType + " may have been missed and could not be recovered");
    Supplier<? extends CompletionStage<String>> tokenSupplier;
    String tokenParameter = "token";
    Consumer<RefreshFailure> onRefreshFailed = failure -> {};
    Consumer<ServerSubscription> onServerSubscription = told -> {
        if (!told.ok()) {
            System.getLogger(LongConnClient.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "the server could not " + (told.subscribed() ? "subscribe " : "unsubscribe ")
                                    + told.opType() + ": " + told.code() + ": " + told.message());
        }
    };

    LongConnClientBuilder(List<URI> nodes) {
        nodes.forEach(node -> Objects.requireNonNull(node, "uri"));
        this.nodes = nodes;
    }

    /** A handshake header, e.g. a token for the gateway's handshake hook. */
    public LongConnClientBuilder header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The JDK HTTP client to open sockets with (proxy, TLS, executor settings). */
    public LongConnClientBuilder httpClient(HttpClient client) {
        this.http = client;
        return this;
    }

    /**
     * Whether to offer permessage-deflate compression (RFC 7692; PROTOCOL.md §2.1) at the handshake
     * (default off). On, the client opens its sockets with a small WebSocket client of its own
     * instead of the JDK's, because the JDK's cannot negotiate extensions. A gateway that has {@code
     * deflate} on then compresses its larger frames, and the client compresses its messages of 64
     * bytes or more that shrink, each on its own; one that has it off answers without the extension
     * and the session runs uncompressed, as without this option.
     *
     * <p>Of the {@link #httpClient(HttpClient) HTTP client} the sockets then use only the TLS
     * context ({@code wss}, host name checked) and the connect timeout (default 10 s), not its proxy
     * or executor. Each socket has a reader thread and, while it writes, a writer thread ({@code
     * longconn-client-socket...}, daemons).
     */
    public LongConnClientBuilder compression(boolean on) {
        this.compression = on;
        return this;
    }

    /**
     * Reconnect delays grow from {@code min} to {@code max} (defaults 0.5 s and 30 s), with jitter.
     * They need {@code 0 < min <= max}; {@link #build()} throws {@link IllegalArgumentException}
     * otherwise.
     */
    public LongConnClientBuilder backoff(Duration min, Duration max) {
        this.minBackoff = min;
        this.maxBackoff = max;
        return this;
    }

    /** How many frames may wait while not connected (default 1000); beyond, sends throw. */
    public LongConnClientBuilder maxQueued(int frames) {
        this.maxQueued = frames;
        return this;
    }

    /** Called after every successful connection (the first and each reconnect). */
    public LongConnClientBuilder onOpen(Runnable hook) {
        this.onOpen = hook;
        return this;
    }

    /** Called after each automatic reconnect, once subscriptions were sent again. */
    public LongConnClientBuilder onReconnect(Runnable hook) {
        this.onReconnect = hook;
        return this;
    }

    /** Called whenever the connection ends, with the code, reason and what happens next. */
    public LongConnClientBuilder onDisconnect(Consumer<DisconnectInfo> hook) {
        this.onDisconnect = hook;
        return this;
    }

    /**
     * Called, with the opType, when a subscription may have missed pushes: resumed after a
     * reconnect, it could not be given what it missed (the gateway answered {@code recovered:
     * false}: too long away, or its node lost the history), or, while connected, the gateway's
     * node was cut off from its broker for too long (a {@code gap} frame). Reload that opType's
     * state. Default: a warning in the log.
     */
    public LongConnClientBuilder onRecoveryFailed(Consumer<String> hook) {
        this.onRecoveryFailed = hook;
        return this;
    }

    /**
     * Where tokens come from, for a gateway whose tokens expire (PROTOCOL.md §16). The client asks
     * {@code supplier} for a new token before every connection attempt, the first and each
     * reconnect, and puts it into the node's URI as the query parameter {@link
     * #tokenParameter(String)} (replacing a value already there); and whenever the server asks for
     * a refresh ({@code refresh_required}) it sends the next token in a {@code refresh}, so that the
     * session goes on past its expiry without reconnecting. A refresh the server refuses, or a
     * failed supplier, is reported to {@link #onRefreshFailed(Consumer)} and not retried: the
     * server then ends the session at its expiry (close code 4005) and the client reconnects as
     * usual, with a new token.
     *
     * <p>The supplier is called on the client's threads and must not block: return a stage that
     * completes when the token is there (from a login service, say). A stage that fails, or
     * completes with {@code null} or an empty token, fails that connection attempt (the client tries
     * again after backoff, asking again) or that refresh. A stage that never completes holds the
     * attempt or refresh up for good.
     *
     * <p>Without a supplier (the default) the URIs are used as given, {@code refresh_required} is
     * not answered, and a session whose credentials expire is closed with 4005 and reconnected with
     * the same URI.
     */
    public LongConnClientBuilder tokenSupplier(Supplier<? extends CompletionStage<String>> supplier) {
        this.tokenSupplier = Objects.requireNonNull(supplier, "supplier");
        return this;
    }

    /**
     * The query parameter that carries the {@link #tokenSupplier(Supplier) supplied} token in the
     * connect URI (default {@code token}), as the gateway's handshake hook reads it.
     *
     * @throws IllegalArgumentException when {@code name} is empty
     */
    public LongConnClientBuilder tokenParameter(String name) {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("the token parameter needs a name");
        }
        this.tokenParameter = name;
        return this;
    }

    /**
     * Called when the session's credentials could not be refreshed in band: the server refused the
     * token ({@code refresh_denied}), or the {@link #tokenSupplier(Supplier) token supplier} gave
     * none ({@link RefreshFailure#TOKEN_UNAVAILABLE}). The failure is also logged. The client does not
     * retry: the session ends at its expiry and the client reconnects with a new token.
     */
    public LongConnClientBuilder onRefreshFailed(Consumer<RefreshFailure> hook) {
        this.onRefreshFailed = hook;
        return this;
    }

    /**
     * Called for each opType the gateway subscribed the session to, or unsubscribed it from, by
     * itself (PROTOCOL.md §17: its application subscribes users or sessions, e.g. from its handshake
     * hook), on the receive thread, after the client took it in and before any push of it. Default:
     * a warning in the log for those it could not do.
     *
     * <p>The client holds a server-made subscription like its own: its pushes reach the listeners
     * registered for it (none registered: they are not delivered), its position is kept, and it is
     * subscribed again, resumed from that position, after a reconnect. Registering a listener for it
     * sends no subscribe and completes at once; removing its listeners does not unsubscribe it.
     *
     * <p>When the server takes a subscription back, the client drops it, unless the app has
     * listeners registered for that opType: the app asked for those pushes, so the client subscribes
     * it again as its own, resumed from its position so that nothing is missed, and the server's
     * checks decide (a refusal removes the listeners, as for any refused subscription). An app that
     * wants to follow the server instead removes its listeners here.
     */
    public LongConnClientBuilder onServerSubscription(Consumer<ServerSubscription> hook) {
        this.onServerSubscription = hook;
        return this;
    }

    /**
     * The HTTP client to open the JDK's WebSockets with: the app's, else a default one made once (not
     * at all with {@link #compression(boolean) compression}, whose sockets need none).
     */
    synchronized HttpClient jdkHttp() {
        if (http == null) {
            http = HttpClient.newHttpClient();
        }
        return http;
    }

    /** A client, not yet connected: call {@link LongConnClient#connect()}. */
    public LongConnClient build() {
        return new LongConnClient(this);
    }
}
