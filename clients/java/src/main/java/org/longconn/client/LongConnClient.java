package org.longconn.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.Backoff;
import org.longconn.api.bus.DaemonThreads;
import org.longconn.api.session.CloseCodes;

/**
 * One connection to a longconn gateway.
 *
 * <pre>{@code
 * LongConnClient client = LongConnClient.builder(URI.create("ws://127.0.0.1:8080/longconn/ws"))
 *         .onDisconnect(info -> log.info("disconnected: " + info)).build();
 * client.connect().join();
 * client.registerListener("order.#", push -> handle(push.dataJson())).join();
 * String user = client.call("user.get", "{\"id\":7}", Duration.ofSeconds(5)).join();
 * }</pre>
 *
 * <p>Listeners are called on the client's receive thread, one push at a time and in order; do
 * not block in them. After any close the server did not mark "stop" (a {@code disconnect} frame
 * with {@code reconnect:false}, or a code in 4500–4999) and that the app did not ask for, the client
 * reconnects with exponential backoff and jitter and subscribes again to every opType that has
 * listeners. Messages and calls made while it is not connected wait in a bounded queue.
 */
public final class LongConnClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    private final LongConnClientBuilder config;
    private final Backoff backoff;
    private final ScheduledExecutorService timers;
    private final AtomicLong ids = new AtomicLong();
    private final PendingCalls calls;

    // Guarded by this.
    private final SendQueue outgoing;
    private final Subscriptions subscriptions;
    /** The socket's events, handed to the private methods below. */
    private final SocketReceiver.Client events = new SocketEvents();

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

    LongConnClient(LongConnClientBuilder config) {
        this.config = config;
        this.backoff = new Backoff(config.minBackoff, config.maxBackoff);
        this.timers = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("longconn-client-timer"));
        this.calls = new PendingCalls(timers);
        this.subscriptions = new Subscriptions(config.onRecoveryFailed);
        this.outgoing = new SendQueue(config.maxQueued);
    }

    /** A client for one gateway node, e.g. {@code ws://127.0.0.1:8080/longconn/ws}. */
    public static LongConnClientBuilder builder(URI uri) {
        return new LongConnClientBuilder(List.of(uri));
    }

    /**
     * A client for several gateway nodes: it connects to the first, and each reconnect attempt
     * tries the next one in turn, so that losing a node moves the client to another.
     */
    public static LongConnClientBuilder builder(List<URI> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one gateway URI is needed");
        }
        return new LongConnClientBuilder(List.copyOf(nodes));
    }

    /** Opens the connection; completes when the server's {@code welcome} arrived, fails if this attempt fails. */
    public CompletableFuture<Void> connect() {
        synchronized (this) {
            manual = false;
            stopped = false;
            if (open || (welcomed != null && !welcomed.isDone())) {
                return welcomed; // already connected, or connecting: one connection at a time
            }
        }
        return open();
    }

    /** Closes on purpose: no reconnect. Pending calls fail with {@code not_connected}. */
    public void disconnect() {
        WebSocket current;
        int attempt;
        synchronized (this) {
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

    /** Whether the connection is open and welcomed. */
    public synchronized boolean isOpen() {
        return open;
    }

    /** The server's id for the current session, or {@code null}. */
    public synchronized String sessionId() {
        return sessionId;
    }

    /**
     * Adds a listener for an opType or pattern ({@code order.*}, {@code order.#}). The first
     * listener of an opType subscribes to it; the future completes with the server's answer
     * (failing with {@link SubscriptionFailedException}), or at once when already subscribed.
     */
    public CompletableFuture<Void> registerListener(String opType, Consumer<ReceivedPush> listener) {
        Objects.requireNonNull(listener, "listener");
        String problem = OpTypes.validatePattern(opType, Integer.MAX_VALUE);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        synchronized (this) {
            Subscriptions.Registered registered = subscriptions.register(opType, listener);
            if (registered.subscribe() && open) {
                subscribe("subscribe", List.of(opType));
            }
            return registered.answered();
        }
    }

    /** Removes one listener; the last one of an opType unsubscribes it. */
    public void removeListener(String opType, Consumer<ReceivedPush> listener) {
        boolean last;
        synchronized (this) {
            last = subscriptions.remove(opType, listener);
        }
        if (last) {
            unsubscribe(opType);
        }
    }

    /** Removes every listener of an opType and unsubscribes it. */
    public void removeListeners(String opType) {
        boolean had;
        synchronized (this) {
            had = subscriptions.removeAll(opType);
        }
        if (had) {
            unsubscribe(opType);
        }
    }

    /** Sends a fire-and-forget message; queued while not connected. */
    public void sendMessage(String opType, String dataJson) {
        send(Frames.message(opType, dataJson));
    }

    /**
     * Calls the server. Completes with the reply's {@code data} as JSON, or fails with {@link
     * CallFailedException}: the server's code, {@code not_connected} when the connection ends first,
     * or {@code client_timeout} after {@code timeout}.
     */
    public CompletableFuture<String> call(String opType, String dataJson, Duration timeout) {
        String id = "c" + ids.incrementAndGet();
        String frame = Frames.call(id, opType, dataJson);
        CompletableFuture<String> reply = calls.start(id, timeout);
        send(frame);
        return reply;
    }

    @Override
    public void close() {
        disconnect();
        timers.shutdownNow();
    }

    // --- connection ---------------------------------------------------------------------------

    private CompletableFuture<Void> open() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        int attempt;
        URI node;
        synchronized (this) {
            attempt = ++generation;
            welcomed = ready;
            serverAdvice = null;
            node = config.nodes.get(nextNode);
        }
        WebSocket.Builder builder = config.http.newWebSocketBuilder().subprotocols("longconn.v1");
        config.headers.forEach(builder::header);
        builder.buildAsync(node, new SocketReceiver(events, attempt)).whenComplete((ws, failure) -> {
            if (failure != null) {
                ready.completeExceptionally(failure);
            }
        });
        return ready;
    }

    private synchronized void opened(int attempt, WebSocket webSocket) {
        if (attempt == generation) {
            socket = webSocket;
            lastReceivedNanos = System.nanoTime();
        }
    }

    private void welcomed(int attempt, JsonObject welcome) {
        CompletableFuture<Void> ready;
        boolean reconnected;
        synchronized (this) {
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
            List<String> opTypes = subscriptions.opTypes();
            if (!opTypes.isEmpty()) {
                // Resume each opType after the last push it saw (or its subscription point).
                write(Frames.subscription(
                        "subscribe", "s" + ids.incrementAndGet(), opTypes, subscriptions.resumeFrom(opTypes)));
            }
            flushQueued(attempt);
            ready = welcomed;
        }
        backoff.reset();
        ready.complete(null);
        config.onOpen.run();
        if (reconnected) {
            config.onReconnect.run();
        }
    }

    /** Sends what waited for the connection, a burst a second ({@link SendQueue}). */
    private synchronized void flushQueued(int attempt) {
        if (attempt == generation && open && outgoing.flush(socket)) {
            timers.schedule(() -> flushQueued(attempt), 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Drops the connection as a network failure would: the TCP connection is aborted without a
     * close frame, and the client reconnects as after any drop (1006), resuming its subscriptions
     * from their positions. For tests, through {@code ClientFaults} of the client's test jar.
     */
    void dropConnection() {
        WebSocket current;
        int attempt;
        synchronized (this) {
            if (!open) {
                return;
            }
            current = socket;
            attempt = generation;
        }
        current.abort();
        closed(attempt, 1006, "connection dropped (by a test)");
    }

    /** Pings at the server's interval; a server silent for about two intervals counts as gone. */
    private void beat(int attempt, long intervalMs) {
        WebSocket current;
        boolean silent;
        synchronized (this) {
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
            send(Frames.ping());
        }
    }

    private void closed(int attempt, int code, String reason) {
        DisconnectInfo info;
        List<CompletableFuture<Void>> abandoned = new ArrayList<>();
        synchronized (this) {
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
                abandoned.addAll(subscriptions.abandon());
                outgoing.clear();
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
                    abandoned.addAll(subscriptions.abandon());
                    outgoing.clear();
                }
            }
        }
        calls.failAll(new CallFailedException("not_connected", "connection closed: " + code + " " + reason));
        abandoned.forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed: " + code)));
        if (info == null) {
            return; // no session had started
        }
        config.onDisconnect.accept(info);
        if (info.willReconnect()) {
            scheduleReconnect();
        }
    }

    /** The node the current (or last) connection went to. */
    public synchronized URI node() {
        return config.nodes.get(nextNode);
    }

    private void scheduleReconnect() {
        long advised;
        synchronized (this) {
            nextNode = (nextNode + 1) % config.nodes.size();
            advised = advisedDelayMs;
            advisedDelayMs = 0;
        }
        // The server's advice (a draining node spreading its clients' returns) plus our own jittered backoff.
        long delay = advised + backoff.nextMillis();
        LOG.log(System.Logger.Level.DEBUG, "reconnecting in {0} ms", delay);
        timers.schedule(
                () -> {
                    synchronized (this) {
                        if (manual || stopped || open) {
                            return;
                        }
                    }
                    open().exceptionally(failure -> {
                        synchronized (this) {
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

    // --- sending ------------------------------------------------------------------------------

    private synchronized void send(String frame) {
        outgoing.send(open ? socket : null, frame);
    }

    /** Guarded by this: after the frames already sent on the current socket. */
    private void write(String frame) {
        outgoing.write(socket, frame);
    }

    private synchronized void subscribe(String type, List<String> opTypes) {
        String id = "s" + ids.incrementAndGet();
        write(Frames.subscription(type, id, opTypes));
    }

    private void unsubscribe(String opType) {
        synchronized (this) {
            subscriptions.forget(opType);
            if (open) {
                subscribe("unsubscribe", List.of(opType));
            }
        }
    }

    // --- receiving ----------------------------------------------------------------------------

    private void received(int attempt, String text) {
        synchronized (this) {
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
            case "push" ->
                dispatch(new ReceivedPush(
                        frame.getString("opType"),
                        frame.getJsonNumber("ts").longValue(),
                        frame.get("data").toString(),
                        null,
                        frame.getString("pos", null)));
            case "reply" -> calls.replied(frame);
            case "subscribed", "gap" -> answered(frame);
            case "error" -> failed(frame);
            case "disconnect" -> {
                synchronized (this) {
                    serverAdvice = frame.getBoolean("reconnect");
                    // A draining node advises how long to wait before reconnecting (PROTOCOL.md §4.8).
                    advisedDelayMs =
                            frame.get("delayMs") instanceof JsonNumber delay ? Math.max(0, delay.longValue()) : 0;
                }
            }
            default -> {} // pong, unsubscribed, and types of later protocol versions
        }
    }

    private void dispatch(ReceivedPush push) {
        List<Consumer<ReceivedPush>> matching;
        synchronized (this) {
            matching = subscriptions.pushed(push);
        }
        for (Consumer<ReceivedPush> listener : matching) {
            try {
                listener.accept(push);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener for " + push.opType() + " failed", e);
            }
        }
    }

    /** A {@code gap} or {@code subscribed} answer: the subscriptions' bookkeeping, then its outcomes. */
    private void answered(JsonObject frame) {
        List<Runnable> outcomes;
        synchronized (this) {
            outcomes = "gap".equals(frame.getString("type"))
                    ? subscriptions.gap(frame)
                    : subscriptions.subscribed(frame, LOG);
        }
        outcomes.forEach(Runnable::run);
    }

    private void failed(JsonObject frame) {
        if (!calls.refused(frame)) {
            LOG.log(System.Logger.Level.WARNING, "server error: " + frame);
        }
    }

    /** The current socket's events; those of an earlier socket are ignored by the attempt number. */
    private final class SocketEvents implements SocketReceiver.Client {
        @Override
        public void opened(int attempt, WebSocket webSocket) {
            LongConnClient.this.opened(attempt, webSocket);
        }

        @Override
        public void received(int attempt, String text) {
            LongConnClient.this.received(attempt, text);
        }

        @Override
        public void receivedBinary(int attempt, ReceivedPush push) {
            boolean current;
            synchronized (LongConnClient.this) {
                current = attempt == generation;
            }
            if (current) {
                dispatch(push);
            }
        }

        @Override
        public void closed(int attempt, int code, String reason) {
            LongConnClient.this.closed(attempt, code, reason);
        }
    }
}
