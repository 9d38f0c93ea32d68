package org.longconn.endpoint.publish;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushOverloadException;
import org.longconn.api.push.Pusher;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * {@code POST /longconn/api/push}: publishes one push, or a batch (a JSON array) of them, through
 * the bus, like {@link Pusher#pushAsync}: the request is suspended while the broker confirms, no
 * thread waits for it. One push is answered 202 when the bus accepted it, 400 for a bad body, 401
 * or 403 when {@link PublishAccess} refuses the caller, 413 for a body over
 * {@code maxPublishBytes}, 503 with {@code Retry-After} when the bus could not take it (the broker
 * is away, or too many pushes wait for it). A batch is answered 200 with one answer per push, in
 * order, each carrying the status a single push would have had. Every answer is JSON with its
 * {@code status} (docs/BUS.md §8).
 *
 * <p>A plain asynchronous servlet rather than a JAX-RS resource: this is a publisher's hot path,
 * and the servlet is what the benchmark's bare baseline is measured with.
 */
@WebServlet(urlPatterns = "/api/push", asyncSupported = true)
public class PublishServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(PublishServlet.class.getName());

    /** Pushes in one batch at most. */
    static final int MAX_BATCH = 1000;
    /** How long a request waits for the broker's confirmation before it is answered 503. */
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private static final String RETRY_AFTER_SECONDS = "1";
    private static final byte[] ACCEPTED = "{\"status\":202,\"accepted\":true}".getBytes(StandardCharsets.UTF_8);

    /** Refused publishes, one log line per 10 s at most: a publisher may retry many times a second. */
    private final transient ThrottledWarning refusals = new ThrottledWarning(LOG, 10, TimeUnit.SECONDS);

    @Inject
    transient Pusher pusher;

    @Inject
    transient GatewayConfig config;

    @Inject
    transient PublishAccess access;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PublishAccess.Refusal refusal = access.check(request.getHeader("Authorization"), request.getRemoteAddr());
        if (refusal != null) {
            if (refusal.status() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"longconn\"");
            }
            write(response, answer(refusal.status(), refusal.error(), refusal.message()));
            return;
        }
        // Read no more than the limit (plus one byte to know it was passed), whatever the request
        // says of its length: a huge body must not hold a request thread or the heap.
        byte[] bytes = request.getInputStream().readNBytes(config.maxPublishBytes() + 1);
        if (bytes.length > config.maxPublishBytes()) {
            write(
                    response,
                    answer(
                            413,
                            "too_large",
                            "the body is over " + config.maxPublishBytes()
                                    + " bytes; publish larger pushes through the broker, or raise longconn.maxPublishBytes"));
            return;
        }
        JsonValue body;
        try {
            body = PublishRequest.body(new String(bytes, StandardCharsets.UTF_8), MAX_BATCH);
        } catch (PublishRequest.Invalid e) {
            write(response, answer(400, "bad_request", e.getMessage()));
            return;
        }
        if (body.getValueType() == JsonValue.ValueType.ARRAY) {
            List<JsonValue> requests = body.asJsonArray();
            @SuppressWarnings("unchecked")
            CompletableFuture<JsonObject>[] answers = new CompletableFuture[requests.size()];
            for (int i = 0; i < answers.length; i++) {
                answers[i] = publish(requests.get(i));
            }
            respondWhenDone(request, response, CompletableFuture.allOf(answers).thenApply(done -> {
                JsonArrayBuilder all = Answers.JSON.createArrayBuilder();
                for (CompletableFuture<JsonObject> answer : answers) {
                    all.add(answer.join());
                }
                return new Answer(200, all.build().toString().getBytes(StandardCharsets.UTF_8));
            }));
        } else {
            respondWhenDone(request, response, publish(body).thenApply(PublishServlet::single));
        }
    }

    /** A status and its JSON body, ready to write. */
    private record Answer(int status, byte[] body) {}

    /** Answers at once when {@code answer} is done, else suspends the request until it is. */
    private static void respondWhenDone(
            HttpServletRequest request, HttpServletResponse response, CompletableFuture<Answer> answer)
            throws IOException {
        if (answer.isDone()) {
            write(response, answer.join());
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(CONFIRM_TIMEOUT_MS);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                finish(
                        async,
                        answered,
                        answer(
                                503,
                                "bus_unavailable",
                                "the broker did not confirm within " + CONFIRM_TIMEOUT_MS
                                        + " ms; the push may or may not be delivered"));
            }

            @Override
            public void onComplete(AsyncEvent event) {}

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true); // the client went away: nothing to answer
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
        // On the broker client's thread: a small, length-delimited answer, written once.
        answer.thenAccept(done -> finish(async, answered, done));
    }

    private static void finish(AsyncContext async, AtomicBoolean answered, Answer answer) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            write((HttpServletResponse) async.getResponse(), answer);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "the publisher went away before its answer", e);
        } finally {
            async.complete();
        }
    }

    private static void write(HttpServletResponse response, Answer answer) throws IOException {
        response.setStatus(answer.status());
        if (answer.status() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        response.setContentType("application/json");
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    /**
     * Publishes one push request and tells how it went, as the answer a single push gets with its
     * {@code status}; never completes exceptionally.
     */
    private CompletableFuture<JsonObject> publish(JsonValue requested) {
        Push push;
        try {
            push = PublishRequest.parse(requested, config.maxOpTypeLength());
        } catch (PublishRequest.Invalid e) {
            return CompletableFuture.completedFuture(Answers.error(400, "bad_request", e.getMessage()));
        }
        try {
            return pusher.pushAsync(push)
                    .toCompletableFuture()
                    .handle((ignored, failure) -> failure == null ? Answers.ACCEPTED : unavailable(push, failure));
        } catch (PushOverloadException e) {
            return CompletableFuture.completedFuture(Answers.error(503, "too_many_pushes", e.getMessage()));
        } catch (PushException e) {
            return CompletableFuture.completedFuture(unavailable(push, e));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Answers.error(400, "bad_request", e.getMessage()));
        }
    }

    private static Answer single(JsonObject answer) {
        int status = answer.getInt("status");
        return answer == Answers.ACCEPTED
                ? new Answer(status, ACCEPTED)
                : new Answer(status, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Answer answer(int status, String code, String message) {
        return single(Answers.error(status, code, message));
    }

    private JsonObject unavailable(Push push, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        refusals.warn("HTTP publish of '" + push.opType() + "' failed: " + cause.getMessage());
        return Answers.error(503, "bus_unavailable", cause.getMessage());
    }

    /** The JSON answers, built with one factory: {@code Json.create...} looks the provider up every call. */
    private static final class Answers {
        static final JsonBuilderFactory JSON = JsonProvider.provider().createBuilderFactory(Map.of());
        static final JsonObject ACCEPTED = JSON.createObjectBuilder()
                .add("status", 202)
                .add("accepted", true)
                .build();

        static JsonObject error(int status, String code, String message) {
            return JSON.createObjectBuilder()
                    .add("status", status)
                    .add("error", code)
                    .add("message", message)
                    .build();
        }
    }
}
