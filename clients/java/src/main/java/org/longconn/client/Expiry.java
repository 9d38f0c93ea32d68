package org.longconn.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The session's expiry and the in-band refresh of its credentials (PROTOCOL.md §16). The expiry
 * comes with the {@code welcome} and moves with each {@code refreshed}. On {@code refresh_required}
 * a new token from the app's supplier goes out in a {@code refresh}; a refusal, or a supplier that
 * gives no token, is reported once and not retried: the session then ends at its expiry (4005), and
 * the reconnect that follows asks the supplier for a token of its own. Without a supplier, {@code
 * refresh_required} is not answered, with the same outcome.
 *
 * <p>One refresh at a time: a {@code refresh_required} while a refresh waits for its token or its
 * answer sends no second one. A token that comes after its session ended is not sent.
 */
final class Expiry {

    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    /** Writes a frame on a session's socket. */
    @FunctionalInterface
    interface Sender {
        /** @return whether it went out: {@code false} when that socket's session is no longer the open one */
        boolean send(WebSocket socket, String frame);
    }

    private final Tokens tokens;
    private final Supplier<String> ids;
    private final Sender sender;
    private final Consumer<RefreshFailure> onRefreshFailed;

    // Guarded by this. The client calls in with its own lock held (started), never the other way round.
    private WebSocket socket;
    private Instant expiresAt;
    /** The id of the refresh under way in this session, or {@code null}. */
    private String pending;

    Expiry(Tokens tokens, Supplier<String> ids, Sender sender, Consumer<RefreshFailure> onRefreshFailed) {
        this.tokens = tokens;
        this.ids = ids;
        this.sender = sender;
        this.onRefreshFailed = onRefreshFailed;
    }

    /** A session was welcomed on {@code socket}: its expiry is the welcome's, and nothing is under way. */
    synchronized void started(WebSocket socket, JsonObject welcome) {
        this.socket = socket;
        this.expiresAt = instant(welcome);
        this.pending = null;
    }

    /** When the current (or last) session's credentials expire; empty when they do not. */
    synchronized Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** A {@code refresh_required}: a new token from the supplier, sent in a {@code refresh}. */
    void required(JsonObject frame) {
        String id;
        WebSocket session;
        synchronized (this) {
            Instant at = instant(frame);
            if (at != null) {
                expiresAt = at;
            }
            if (!tokens.supplied()) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "credentials expire at {0} and no token supplier is set: the session ends then",
                        expiresAt);
                return;
            }
            if (pending != null) {
                return;
            }
            id = ids.get();
            pending = id;
            session = socket;
        }
        tokens.next().whenComplete((token, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                failed(
                        id,
                        new RefreshFailure(
                                RefreshFailure.TOKEN_UNAVAILABLE,
                                "the token supplier gave no token: " + cause.getMessage(),
                                cause));
            } else if (!sender.send(session, Frames.refresh(id, token))) {
                settle(id); // the session ended meanwhile; the next one connects with a token of its own
            }
        });
    }

    /** A {@code refreshed}: the new expiry applies. */
    synchronized void refreshed(JsonObject frame) {
        Instant at = instant(frame);
        if (at != null) {
            expiresAt = at;
        }
        if (pending != null && pending.equals(frame.getString("id", null))) {
            pending = null;
        }
    }

    /**
     * An {@code error}: when it names the refresh under way (by its id), the refresh failed.
     *
     * @return whether it answered that refresh (otherwise it is someone else's)
     */
    boolean refused(JsonObject frame) {
        String id = frame.getString("id", null);
        if (id == null || !settle(id)) {
            return false;
        }
        report(new RefreshFailure(frame.getString("code", ""), frame.getString("message", ""), null));
        return true;
    }

    /** @return whether {@code id} was the refresh under way, which it no longer is */
    private synchronized boolean settle(String id) {
        if (!id.equals(pending)) {
            return false;
        }
        pending = null;
        return true;
    }

    /** Reports a refresh that failed on this side, unless a new session made it moot. */
    private void failed(String id, RefreshFailure failure) {
        if (settle(id)) {
            report(failure);
        }
    }

    private void report(RefreshFailure failure) {
        LOG.log(
                System.Logger.Level.WARNING,
                "the session's credentials were not refreshed (" + failure.code() + ": " + failure.message()
                        + "); the session ends at its expiry and the client then reconnects",
                failure.cause());
        try {
            onRefreshFailed.accept(failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "onRefreshFailed failed", e);
        }
    }

    private static Instant instant(JsonObject frame) {
        return frame.get("expiresAt") instanceof JsonNumber millis ? Instant.ofEpochMilli(millis.longValue()) : null;
    }
}
