package org.longconn.endpoint.publish;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.logging.Logger;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.Pusher;
import org.longconn.endpoint.config.ConfigLookup;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * {@code POST /longconn/api/push}: publishes one push through the bus, like {@link Pusher}.
 * Answers 202 when the bus accepted it, 400 for a bad body, 401 when a publish secret is set and
 * the request does not carry it as {@code Authorization: Bearer <secret>}, 503 when the bus could
 * not accept the push (the broker is away), 413 for a body over {@code maxPublishBytes}. Every answer is JSON: {@code {"accepted":true}} or
 * {@code {"error":"...","message":"..."}}.
 */
@Path("push")
@RequestScoped
public class PushResource {

    private static final Logger LOG = Logger.getLogger(PushResource.class.getName());

    @Inject
    Pusher pusher;

    @Inject
    GatewayConfig config;

    @Inject
    ConfigLookup settings;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream input)
            throws IOException {
        String secret = settings.get("publishSecret");
        if (secret != null && !secret.isEmpty() && !matches(authorization, secret)) {
            return error(
                            Response.Status.UNAUTHORIZED,
                            "unauthorized",
                            "send the publish secret as 'Authorization: Bearer <secret>'")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"longconn\"")
                    .build();
        }
        // Read no more than the limit (plus one byte to know it was passed), whatever the request
        // says of its length: a huge body must not hold a request thread or the heap.
        byte[] bytes = input.readNBytes(config.maxPublishBytes() + 1);
        if (bytes.length > config.maxPublishBytes()) {
            return error(
                            Response.Status.REQUEST_ENTITY_TOO_LARGE,
                            "too_large",
                            "the body is over " + config.maxPublishBytes()
                                    + " bytes; publish larger pushes through the broker, or raise longconn.maxPublishBytes")
                    .build();
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        Push push;
        try {
            push = PublishRequest.parse(body, config.maxOpTypeLength());
        } catch (PublishRequest.Invalid e) {
            return error(Response.Status.BAD_REQUEST, "bad_request", e.getMessage())
                    .build();
        }
        try {
            pusher.push(push);
        } catch (PushException e) {
            LOG.warning(() -> "HTTP publish of '" + push.opType() + "' failed: " + e.getMessage());
            return error(Response.Status.SERVICE_UNAVAILABLE, "bus_unavailable", e.getMessage())
                    .build();
        }
        return Response.accepted(
                        Json.createObjectBuilder().add("accepted", true).build().toString())
                .build();
    }

    /** Compares in constant time, so the secret cannot be guessed from response times. */
    private static boolean matches(String authorization, String secret) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static Response.ResponseBuilder error(Response.Status status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder()
                        .add("error", code)
                        .add("message", message)
                        .build()
                        .toString());
    }
}
