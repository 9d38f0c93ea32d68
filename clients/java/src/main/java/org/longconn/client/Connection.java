package org.longconn.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.longconn.api.bus.Backoff;
import org.longconn.api.session.CloseCodes;

/**
 * The life of a client's sessions: one socket at a time, opened to a gateway node (with a new token
 * in its URI when the app supplies tokens, {@link Tokens}), open once the
 * server's {@code welcome} came, kept alive by heartbeat, ended (a {@link DisconnectInfo}), and
 * opened again on the next node with backoff, unless the app disconnected or the server said stop.
 * Every socket's events carry the attempt they belong to; those of an earlier attempt are ignored.
 *
 * <p>Its state is guarded by the client's lock, the one that also guards the subscriptions and the
 * send queue, so that a session starting (and subscribing again) and a listener registering never
 * cross. What the client does as a session starts and ends is its {@link Session}.
 */
final class Connection implements SocketReceiver.Client {

    // The client's name: this is the client's log, and apps configure it by that name.
    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    /** What the client does with a session: at its start, at its end, and with the frames it carries. */
    interface Session {
        /**
         * Under the lock, once welcomed: takes what the {@code welcome} says, subscribes again and
         * sends what waited, on {@code socket}.
         */
        void started(int attempt, WebSocket socket, JsonObject welcome);

        /**
         * Under the lock, when the connection ended for good: what waits will never go out.
         *
         * @return the subscription answers that will never come, to fail after the lock
         */
        List<CompletableFuture<Void>> abandon();

        /** After every ended attempt, without the lock: nothing sent on it will be answered. */
        void ended(int code, String reason);

        /** Sends a frame as the app's own go out: after what waits. */
        void send(String frame);

        /** A text frame that is not the connection's own ({@code welcome}, {@code disconnect}). */
        void received(JsonObject frame);

        /** A binary push of the current socket. */
        void received(ReceivedPush push);
    }

    private final Object lock;
    private final LongConnClientBuilder config;
    private final Tokens tokens;
    private final Backoff backoff;
    private final ScheduledExecutorService timers;
    private final Session session;

    // Guarded by lock.
    private WebSocket socket;
    private int generation;
    private int nextNode;
    private boolean open;
    private boolean manual;
    private boolean stopped;
    private boolean everOpened;
    private Boolean serverAdvice;
    /** The reconnect delay the server advised in its last {@code disconnect}, used once. */
    private long advisedDelayMs;

    private String sessionId;
    private long lastReceivedNanos;
    private ScheduledFuture<?> heartbeat;
    private CompletableFuture<Void> welcomed;

    /** @throws IllegalArgumentException when the builder's backoff bounds cannot work */
    Connection(
            Object lock,
            LongConnClientBuilder config,
            Tokens tokens,
            ScheduledExecutorService timers,
            Session session) {
        this.lock = lock;
        this.config = config;
        this.tokens = tokens;
        this.backoff = new Backoff(config.minBackoff, config.maxBackoff);
        this.timers = timers;
        this.session = session;
    }

    /** See {@link LongConnClient#connect()}. */
    CompletableFuture<Void> connect() {
        synchronized (lock) {
            manual = false;
            stopped = false;
            if (open || (welcomed != null && !welcomed.isDone())) {
                return welcomed; // already connected, or connecting: one connection at a time
            }
        }
        return open();
    }

    /** See {@link LongConnClient#disconnect()}. */
    void disconnect() {
        WebSocket current;
        int attempt;
        synchronized (lock) {
            manual = true;
            current = socket;
            attempt = generation;
        }
        // End the session here and now: the JDK stops delivering once the socket is aborted, so
        // the server's close echo cannot be relied on to report it.
        closed(attempt, WebSocket.NORMAL_CLOSURE, "client disconnect");
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "client disconnect")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((ws, e) -> current.abort());
        }
    }

    /** See {@code ClientFaults.dropConnection}. */
    void dropConnection() {
        WebSocket current;
        int attempt;
        synchronized (lock) {
            if (!open) {
                return;
            }
            current = socket;
            attempt = generation;
        }
        current.abort();
        closed(attempt, 1006, "connection dropped (by a test)");
    }

    boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    /** Whether {@code attempt} is the current one and its session open. */
    boolean isOpen(int attempt) {
        synchronized (lock) {
            return attempt == generation && open;
        }
    }

    /** The open session's socket, or {@code null} while there is none. */
    WebSocket openSocket() {
        synchronized (lock) {
            return open ? socket : null;
        }
    }

    String sessionId() {
        synchronized (lock) {
            return sessionId;
        }
    }

    /** The node the current (or last) connection went to. */
    URI node() {
        synchronized (lock) {
            return config.nodes.get(nextNode);
        }
    }

    private CompletableFuture<Void> open() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        int attempt;
        URI node;
        synchronized (lock) {
            attempt = ++generation;
            welcomed = ready;
            serverAdvice = null;
            node = config.nodes.get(nextNode);
        }
        // Each attempt carries a new token; without a supplier, the node's URI as it is.
        CompletableFuture<WebSocket> socketOpened = tokens.supplied()
                ? tokens.connectUri(node).thenCompose(uri -> buildSocket(attempt, uri))
                : buildSocket(attempt, node);
        socketOpened.whenComplete((ws, failure) -> {
            if (failure != null) {
                ready.completeExceptionally(failure);
            }
        });
        return ready;
    }

    private CompletableFuture<WebSocket> buildSocket(int attempt, URI uri) {
        synchronized (lock) {
            if (attempt != generation) {
                // Ended (a disconnect) while its token was on its way: no socket for it.
                return CompletableFuture.failedFuture(new IllegalStateException("disconnected while connecting"));
            }
        }
        // The JDK's WebSocket cannot negotiate permessage-deflate: with compression, the client's own.
        WebSocket.Builder builder = (config.compression
                        ? new DeflatingWebSockets(config.http)
                        : config.jdkHttp().newWebSocketBuilder())
                .subprotocols("longconn.v1");
        config.headers.forEach(builder::header);
        return builder.buildAsync(uri, new SocketReceiver(this, attempt));
    }

    @Override
    public void opened(int attempt, WebSocket webSocket) {
        synchronized (lock) {
            if (attempt == generation) {
                socket = webSocket;
                lastReceivedNanos = System.nanoTime();
            }
        }
    }

    @Override
    public void received(int attempt, String text) {
        synchronized (lock) {
            if (attempt != generation) {
                return;
            }
            lastReceivedNanos = System.nanoTime();
        }
        JsonObject frame = Frames.parse(text);
        if (frame == null) {
            return; // bare pong
        }
        switch (frame.getString("type", "")) {
            case "welcome" -> welcomed(attempt, frame);
            case "disconnect" -> {
                synchronized (lock) {
                    serverAdvice = frame.getBoolean("reconnect");
                    // A draining node advises how long to wait before reconnecting (PROTOCOL.md §4.8).
                    advisedDelayMs =
                            frame.get("delayMs") instanceof JsonNumber delay ? Math.max(0, delay.longValue()) : 0;
                }
            }
            default -> session.received(frame);
        }
    }

    @Override
    public void receivedBinary(int attempt, ReceivedPush push) {
        boolean current;
        synchronized (lock) {
            current = attempt == generation;
        }
        if (current) {
            session.received(push);
        }
    }

    private void welcomed(int attempt, JsonObject welcome) {
        CompletableFuture<Void> ready;
        boolean reconnected;
        synchronized (lock) {
            if (attempt != generation) {
                return;
            }
            if (manual || stopped) {
                socket.abort();
                welcomed.completeExceptionally(new IllegalStateException("disconnected while connecting"));
                generation++;
                socket = null;
                return;
            }
            open = true;
            reconnected = everOpened;
            everOpened = true;
            sessionId = welcome.getString("sessionId");
            long interval = welcome.getJsonNumber("heartbeatIntervalMs").longValue();
            heartbeat = timers.scheduleWithFixedDelay(
                    () -> beat(attempt, interval), interval, interval, TimeUnit.MILLISECONDS);
            session.started(attempt, socket, welcome);
            ready = welcomed;
        }
        backoff.reset();
        ready.complete(null);
        config.onOpen.run();
        if (reconnected) {
            config.onReconnect.run();
        }
    }

    /** Pings at the server's interval; a server silent for about two intervals counts as gone. */
    private void beat(int attempt, long intervalMs) {
        WebSocket current;
        boolean silent;
        synchronized (lock) {
            if (attempt != generation || !open) {
                return;
            }
            current = socket;
            silent = System.nanoTime() - lastReceivedNanos > TimeUnit.MILLISECONDS.toNanos(2 * intervalMs + 1_000);
        }
        if (silent) {
            current.abort();
            closed(attempt, 1006, "no answer to heartbeat");
        } else {
            session.send(Frames.ping());
        }
    }

    @Override
    public void closed(int attempt, int code, String reason) {
        DisconnectInfo info;
        List<CompletableFuture<Void>> abandoned = new ArrayList<>();
        synchronized (lock) {
            if (attempt != generation) {
                return;
            }
            generation++; // later callbacks of this socket are ignored
            socket = null;
            if (!open) {
                // An attempt that never got its welcome ended no session: its future fails, and
                // whoever made the attempt (connect, or the reconnect loop) decides what follows,
                // unless the server said stop (it may kick a session before welcoming it).
                boolean stop = Boolean.FALSE.equals(serverAdvice)
                        || (code >= CloseCodes.STOP_MIN && code <= CloseCodes.STOP_MAX);
                stopped = stopped || stop;
                if (welcomed != null) {
                    welcomed.completeExceptionally(
                            new IllegalStateException("connection closed before welcome: " + code + " " + reason));
                }
                if (!manual && !stopped) {
                    return;
                }
                // A manual disconnect or a stop while not connected: what waits will never go out.
                abandoned.addAll(session.abandon());
                info = null;
            } else {
                open = false;
                heartbeat.cancel(false);
                boolean advised = serverAdvice != null
                        ? serverAdvice
                        : !(code >= CloseCodes.STOP_MIN && code <= CloseCodes.STOP_MAX);
                serverAdvice = null;
                info = new DisconnectInfo(code, reason, manual, !manual && advised);
                stopped = !advised;
                if (!info.willReconnect()) {
                    abandoned.addAll(session.abandon());
                }
            }
        }
        session.ended(code, reason);
        abandoned.forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed: " + code)));
        if (info == null) {
            return; // no session had started
        }
        config.onDisconnect.accept(info);
        if (info.willReconnect()) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long advised;
        synchronized (lock) {
            nextNode = (nextNode + 1) % config.nodes.size();
            advised = advisedDelayMs;
            advisedDelayMs = 0;
        }
        // The server's advice (a draining node spreading its clients' returns) plus our own jittered backoff.
        long delay = advised + backoff.nextMillis();
        LOG.log(System.Logger.Level.DEBUG, "reconnecting in {0} ms", delay);
        timers.schedule(
                () -> {
                    synchronized (lock) {
                        if (manual || stopped || open) {
                            return;
                        }
                    }
                    open().exceptionally(failure -> {
                        synchronized (lock) {
                            if (manual || stopped) {
                                return null;
                            }
                        }
                        scheduleReconnect();
                        return null;
                    });
                },
                delay,
                TimeUnit.MILLISECONDS);
    }
}
