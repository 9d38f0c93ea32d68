package org.longconn.endpoint.publish;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushOverloadException;
import org.longconn.api.push.Pusher;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * {@code POST /longconn/api/push}: publishes one push, or a batch (a JSON array) of them, through
 * the bus, like {@link Pusher#pushAsync}: the request thread is not held while the broker
 * confirms. One push is answered 202 when the bus accepted it, 400 for a bad body, 401 or 403 when
 * {@link PublishAccess} refuses the caller, 413 for a body over {@code maxPublishBytes}, 503 with
 * {@code Retry-After} when the bus could not take it (the broker is away, or too many pushes wait
 * for it). A batch is answered 200 with one answer per push, in order, each carrying the status a
 * single push would have had. Every answer is JSON (docs/BUS.md §8).
 */
@Path("push")
@RequestScoped
public class PushResource {

    private static final Logger LOG = Logger.getLogger(PushResource.class.getName());
    /** Pushes in one batch at most. */
    static final int MAX_BATCH = 1000;
    /** How long a request waits for the broker's confirmation before it is answered 503. */
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private static final String RETRY_AFTER_SECONDS = "1";

    @Inject
    Pusher pusher;

    @Inject
    GatewayConfig config;

    @Inject
    PublishAccess access;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public void publish(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServletRequest request,
            InputStream input,
            @Suspended AsyncResponse response)
            throws IOException {
        PublishAccess.Refusal refusal = access.check(authorization, request.getRemoteAddr());
        if (refusal != null) {
            Response.ResponseBuilder answer =
                    json(refusal.status(), answer(refusal.status(), refusal.error(), refusal.message()));
            if (refusal.status() == 401) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"longconn\"");
            }
            response.resume(answer.build());
            return;
        }
        // Read no more than the limit (plus one byte to know it was passed), whatever the request
        // says of its length: a huge body must not hold a request thread or the heap.
        byte[] bytes = input.readNBytes(config.maxPublishBytes() + 1);
        if (bytes.length > config.maxPublishBytes()) {
            response.resume(json(
                            413,
                            answer(
                                    413,
                                    "too_large",
                                    "the body is over " + config.maxPublishBytes()
                                            + " bytes; publish larger pushes through the broker, or raise longconn.maxPublishBytes"))
                    .build());
            return;
        }
        JsonValue body;
        try {
            body = PublishRequest.body(new String(bytes, StandardCharsets.UTF_8), MAX_BATCH);
        } catch (PublishRequest.Invalid e) {
            response.resume(
                    json(400, answer(400, "bad_request", e.getMessage())).build());
            return;
        }
        response.setTimeout(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(timedOut -> timedOut.resume(json(
                        503,
                        answer(
                                503,
                                "bus_unavailable",
                                "the broker did not confirm within " + CONFIRM_TIMEOUT_MS
                                        + " ms; the push may or may not be delivered"))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build()));
        if (body.getValueType() == JsonValue.ValueType.ARRAY) {
            publishBatch(body.asJsonArray(), response);
        } else {
            publish(body)
                    .thenAccept(answer -> response.resume(json(answer.getInt("status"), answer)
                            .header(
                                    HttpHeaders.RETRY_AFTER,
                                    answer.getInt("status") == 503 ? RETRY_AFTER_SECONDS : null)
                            .build()));
        }
    }

    private void publishBatch(List<JsonValue> requests, AsyncResponse response) {
        @SuppressWarnings("unchecked")
        CompletableFuture<JsonObject>[] answers = new CompletableFuture[requests.size()];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = publish(requests.get(i));
        }
        CompletableFuture.allOf(answers).thenRun(() -> {
            JsonArrayBuilder all = Json.createArrayBuilder();
            for (CompletableFuture<JsonObject> answer : answers) {
                all.add(answer.join());
            }
            response.resume(json(200, all.build()).build());
        });
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
            return CompletableFuture.completedFuture(answer(400, "bad_request", e.getMessage()));
        }
        try {
            return pusher.pushAsync(push)
                    .toCompletableFuture()
                    .handle((ignored, failure) -> failure == null ? accepted() : unavailable(push, failure));
        } catch (PushOverloadException e) {
            return CompletableFuture.completedFuture(answer(503, "too_many_pushes", e.getMessage()));
        } catch (PushException e) {
            return CompletableFuture.completedFuture(unavailable(push, e));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(answer(400, "bad_request", e.getMessage()));
        }
    }

    private static JsonObject unavailable(Push push, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        LOG.warning(() -> "HTTP publish of '" + push.opType() + "' failed: " + cause.getMessage());
        return answer(503, "bus_unavailable", cause.getMessage());
    }

    private static JsonObject accepted() {
        return Json.createObjectBuilder()
                .add("status", 202)
                .add("accepted", true)
                .build();
    }

    private static JsonObject answer(int status, String code, String message) {
        return Json.createObjectBuilder()
                .add("status", status)
                .add("error", code)
                .add("message", message)
                .build();
    }

    private static Response.ResponseBuilder json(int status, JsonValue body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body.toString());
    }
}
