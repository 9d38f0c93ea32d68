package org.longconn.client;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.DaemonThreads;

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
 *
 * <p>Subscriptions the gateway makes for the session itself (PROTOCOL.md §17) are held like the
 * client's own: their pushes reach the listeners registered for them, and they are subscribed again,
 * resumed, after a reconnect. See {@link
 * LongConnClientBuilder#onServerSubscription(java.util.function.Consumer)}.
 *
 * <p>For a gateway whose tokens expire, give the builder a {@link
 * LongConnClientBuilder#tokenSupplier(java.util.function.Supplier) token supplier}: each connection
 * attempt then carries a new token, and the session's credentials are refreshed in band before
 * they expire ({@link #expiresAt()}).
 */
public final class LongConnClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    private final ScheduledExecutorService timers;
    private final AtomicLong ids = new AtomicLong();
    private final PendingCalls calls;
    private final Expiry expiry;

    // Guarded by this, the lock the connection's state shares (and the subscription flow's).
    private final SendQueue outgoing;
    private final Connection connection;
    private final SubscriptionFlow subscribing;

    LongConnClient(LongConnClientBuilder config) {
        this.timers = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("longconn-client-timer"));
        this.calls = new PendingCalls(timers);
        Presences presences = new Presences();
        Subscriptions subscriptions =
                new Subscriptions(config.onRecoveryFailed, config.onServerSubscription, presences);
        this.outgoing = new SendQueue(config.maxQueued);
        Tokens tokens = new Tokens(config.tokenSupplier, config.tokenParameter);
        this.expiry = new Expiry(tokens, () -> "r" + ids.incrementAndGet(), this::sendOn, config.onRefreshFailed);
        this.connection = new Connection(this, config, tokens, timers, new SessionEvents());
        this.subscribing = new SubscriptionFlow(this, ids, connection, outgoing, subscriptions, presences);
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
        return connection.connect();
    }

    /** Closes on purpose: no reconnect. Pending calls fail with {@code not_connected}. */
    public void disconnect() {
        connection.disconnect();
    }

    /** Whether the connection is open and welcomed. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** The server's id for the current session, or {@code null}. */
    public String sessionId() {
        return connection.sessionId();
    }

    /** The node the current (or last) connection went to. */
    public URI node() {
        return connection.node();
    }

    /**
     * When the current session's credentials expire, as its {@code welcome} said and each accepted
     * refresh moved it (PROTOCOL.md §16); empty when they do not expire, or before the first
     * session. While the client is not connected, the last session's.
     */
    public Optional<Instant> expiresAt() {
        return expiry.expiresAt();
    }

    /**
     * Adds a listener for an opType or pattern ({@code order.*}, {@code order.#}). The first
     * listener of an opType subscribes to it; the future completes with the server's answer
     * (failing with {@link SubscriptionFailedException}), or at once when already subscribed,
     * which includes an opType the server subscribed the session to itself and one whose presence
     * is watched (no subscribe is sent).
     */
    public CompletableFuture<Void> registerListener(String opType, Consumer<ReceivedPush> listener) {
        Objects.requireNonNull(listener, "listener");
        String problem = OpTypes.validatePattern(opType, Integer.MAX_VALUE);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return subscribing.register(opType, listener);
    }

    /**
     * Removes one listener; the last one of an opType unsubscribes it, unless the server made that
     * subscription: it stays (and its position moves on), and its pushes reach no listener until
     * one is registered again.
     */
    public void removeListener(String opType, Consumer<ReceivedPush> listener) {
        subscribing.remove(opType, listener);
    }

    /**
     * Removes every listener of an opType and unsubscribes it, unless the server made that
     * subscription (see {@link #removeListener(String, Consumer)}).
     */
    public void removeListeners(String opType) {
        subscribing.removeAll(opType);
    }

    /**
     * Watches who is subscribed to the exact {@code opType} across the cluster (PROTOCOL.md §18):
     * {@code listener} gets a {@link PresenceView} for the server's snapshot, then one for each
     * {@code join} and {@code leave}, on the receive thread like pushes (see {@link #presence}).
     * The opType is subscribed while it has watchers, with {@code presence}, and so is it after a
     * reconnect, whose snapshot replaces the view. Every call sends a subscribe with presence when
     * connected, also for an opType already subscribed: the server checks it again and sends a fresh
     * snapshot to all its watchers.
     *
     * <p>The future completes when the server answers with presence, or fails with {@link
     * SubscriptionFailedException}: the server's code ({@code subscription_denied}, {@code
     * too_many_subscriptions}, ...), or {@code presence_unavailable} from a gateway without
     * presence. A refused watch removes {@code listener}; a subscription the session held already
     * stays (its listeners keep their pushes).
     *
     * @throws IllegalArgumentException when {@code opType} is not valid, or is a pattern
     */
    public CompletableFuture<Void> watchPresence(String opType, Consumer<PresenceView> listener) {
        Objects.requireNonNull(listener, "listener");
        Presences.requireExact(opType);
        return subscribing.watch(opType, listener);
    }

    /**
     * Stops delivering to {@code listener}; the last watcher of an opType unsubscribes it, unless it
     * has push listeners or the server made it (its presence frames are then ignored).
     */
    public void unwatchPresence(String opType, Consumer<PresenceView> listener) {
        subscribing.unwatch(opType, listener);
    }

    /**
     * The members of a watched opType as last known: empty when it is not watched or before its
     * first snapshot. While the client is not connected it is the last session's, not kept up.
     */
    public Optional<PresenceView> presence(String opType) {
        return subscribing.presence(opType);
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

    /**
     * Sends a fire-and-forget message whose payload is raw bytes, as one binary frame (PROTOCOL.md
     * §3.7) instead of base64 in JSON; queued while not connected, in order with the client's other
     * frames. The application receives a {@code ClientMessage} whose {@code bytes()} is {@code
     * payload} (and no JSON data). Binary frames are not forwarded to bus services: for an opType
     * an outside service serves, the server answers {@code bad_request}.
     *
     * @param payload the bytes, copied before this returns; {@code null} sends none
     * @throws IllegalArgumentException when {@code opType} has more than 65535 UTF-8 bytes
     */
    public void sendMessage(String opType, byte[] payload) {
        send(Frames.binaryMessage(opType, payload));
    }

    /**
     * Calls the server with a payload of raw bytes, as one binary frame (PROTOCOL.md §3.7). The
     * application receives a {@code ClientCall} whose {@code bytes()} is {@code payload}, and the
     * call is answered as {@link #call(String, String, Duration)} is, by a JSON {@code reply}:
     * completes with its {@code data} as JSON, or fails with {@link CallFailedException}: the
     * server's code ({@code bad_request} for an opType an outside service serves: binary frames are
     * not forwarded to bus services), {@code not_connected} when the connection ends first, or
     * {@code client_timeout} after {@code timeout}. Queued while not connected.
     *
     * @param payload the bytes, copied before this returns; {@code null} sends none
     * @throws IllegalArgumentException when {@code opType} has more than 65535 UTF-8 bytes
     */
    public CompletableFuture<String> call(String opType, byte[] payload, Duration timeout) {
        String id = "c" + ids.incrementAndGet();
        byte[] frame = Frames.binaryCall(id, opType, payload);
        CompletableFuture<String> reply = calls.start(id, timeout);
        send(frame);
        return reply;
    }

    @Override
    public void close() {
        disconnect();
        timers.shutdownNow();
    }

    /**
     * Drops the connection as a network failure would: the TCP connection is aborted without a
     * close frame, and the client reconnects as after any drop (1006), resuming its subscriptions
     * from their positions. For tests, through {@code ClientFaults} of the client's test jar.
     */
    void dropConnection() {
        connection.dropConnection();
    }

    // --- sending ------------------------------------------------------------------------------

    private synchronized void send(String frame) {
        outgoing.send(connection.openSocket(), frame);
    }

    private synchronized void send(byte[] frame) {
        outgoing.send(connection.openSocket(), frame);
    }

    /** Writes {@code frame} on {@code socket} if its session is still the open one ({@link Expiry.Sender}). */
    private synchronized boolean sendOn(WebSocket socket, String frame) {
        if (socket == null || connection.openSocket() != socket) {
            return false;
        }
        outgoing.write(socket, frame);
        return true;
    }

    /** Sends what waited for the connection, a burst a second ({@link SendQueue}). */
    private synchronized void flushQueued(int attempt) {
        if (connection.isOpen(attempt) && outgoing.flush(connection.openSocket())) {
            timers.schedule(() -> flushQueued(attempt), 1, TimeUnit.SECONDS);
        }
    }

    // --- receiving ----------------------------------------------------------------------------

    /** A frame of the current session that is the client's to handle. */
    private void received(JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "push" ->
                subscribing.dispatch(new ReceivedPush(
                        frame.getString("opType"),
                        frame.getJsonNumber("ts").longValue(),
                        frame.get("data").toString(),
                        null,
                        frame.getString("pos", null)));
            case "reply" -> calls.replied(frame);
            case "subscribed", "unsubscribed", "gap" -> subscribing.answered(frame);
            case "presence", "join", "leave" -> subscribing.presenceChanged(frame);
            case "refresh_required" -> expiry.required(frame);
            case "refreshed" -> expiry.refreshed(frame);
            case "error" -> failed(frame);
            default -> {} // pong, and types of later protocol versions
        }
    }

    private void failed(JsonObject frame) {
        if (!expiry.refused(frame) && !calls.refused(frame)) {
            LOG.log(System.Logger.Level.WARNING, "server error: " + frame);
        }
    }

    /** What the client does as its connection's sessions start and end. */
    private final class SessionEvents implements Connection.Session {
        @Override
        public void started(int attempt, WebSocket socket, JsonObject welcome) {
            expiry.started(socket, welcome);
            subscribing.started(socket); // resumes every opType, asking presence for the watched
            flushQueued(attempt);
        }

        @Override
        public List<CompletableFuture<Void>> abandon() {
            List<CompletableFuture<Void>> abandoned = subscribing.abandon();
            outgoing.clear();
            return abandoned;
        }

        @Override
        public void ended(int code, String reason) {
            calls.failAll(new CallFailedException("not_connected", "connection closed: " + code + " " + reason));
        }

        @Override
        public void send(String frame) {
            LongConnClient.this.send(frame);
        }

        @Override
        public void received(JsonObject frame) {
            LongConnClient.this.received(frame);
        }

        @Override
        public void received(ReceivedPush push) {
            subscribing.dispatch(push);
        }
    }
}
