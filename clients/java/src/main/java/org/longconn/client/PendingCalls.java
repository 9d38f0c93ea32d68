package org.longconn.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Calls waiting for their reply, by request id; each completes exactly once. */
final class PendingCalls {

    private final Map<String, CompletableFuture<String>> calls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;

    PendingCalls(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /** A new pending call that fails with {@code client_timeout} after {@code timeout}. */
    CompletableFuture<String> start(String id, Duration timeout) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        calls.put(id, reply);
        timers.schedule(
                () -> fail(id, new CallFailedException("client_timeout", "no reply within " + timeout)),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        return reply;
    }

    void succeed(String id, String dataJson) {
        CompletableFuture<String> call = calls.remove(id);
        if (call != null) {
            call.complete(dataJson);
        }
    }

    /** @return whether a call with that id was waiting */
    boolean fail(String id, CallFailedException failure) {
        CompletableFuture<String> call = calls.remove(id);
        if (call == null) {
            return false;
        }
        call.completeExceptionally(failure);
        return true;
    }

    /** A {@code reply} frame: its call succeeds with the data, or fails with the reply's error. */
    void replied(JsonObject frame) {
        String id = frame.getString("id");
        JsonValue error = frame.get("error");
        if (error != null && error.getValueType() == JsonValue.ValueType.OBJECT) {
            fail(
                    id,
                    new CallFailedException(
                            error.asJsonObject().getString("code"),
                            error.asJsonObject().getString("message", "")));
        } else {
            succeed(id, frame.get("data").toString());
        }
    }

    /**
     * An {@code error} frame: the call it names fails with its code.
     *
     * @return whether it answered a waiting call (otherwise the caller reports it)
     */
    boolean refused(JsonObject frame) {
        String id = frame.getString("id", null);
        return id != null && fail(id, new CallFailedException(frame.getString("code"), frame.getString("message", "")));
    }

    /** The connection ended: nothing sent on it will be answered. */
    void failAll(CallFailedException failure) {
        calls.keySet().forEach(id -> fail(id, failure));
    }
}
