package org.longconn.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of a {@link LongConnClient}: {@code LongConnClient.builder(uri)...build()}. */
public final class LongConnClientBuilder {

    final List<URI> nodes;
    final Map<String, String> headers = new LinkedHashMap<>();
    HttpClient http = HttpClient.newHttpClient();
    Duration minBackoff = Duration.ofMillis(500);
    Duration maxBackoff = Duration.ofSeconds(30);
    int maxQueued = 1_000;
    Runnable onOpen = () -> {};
    Runnable onReconnect = () -> {};
    Consumer<DisconnectInfo> onDisconnect = info -> {};
    Consumer<String> onRecoveryFailed = opType -> System.getLogger(LongConnClient.class.getName())
            .log(
                    System.Logger.Level.WARNING,
                    "pushes of " + opType + " may have been missed and could not be recovered");

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

    /** A client, not yet connected: call {@link LongConnClient#connect()}. */
    public LongConnClient build() {
        return new LongConnClient(this);
    }
}
