package org.longconn.endpoint.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.logging.Logger;
import org.longconn.endpoint.config.ConfigLookup;

/**
 * Who may publish through {@code POST /longconn/api/push}. Secure by default: with a
 * {@code publishSecret} a caller must send it as {@code Authorization: Bearer <secret>}; without
 * one the API refuses everyone, because on an application server the HTTP port is the public one
 * the WebSocket clients use, and behind a reverse proxy every caller looks local. Only the
 * development setting {@code devPublishFromLoopback=true} (which {@code ./run.sh} sets) opens it,
 * without a secret, to callers on this machine's loopback interface.
 */
@ApplicationScoped
public class PublishAccess {

    private static final Logger LOG = Logger.getLogger(PublishAccess.class.getName());

    /** Why a request may not publish: its HTTP status, the error code and what to do. */
    public record Refusal(int status, String error, String message) {}

    static final Refusal NO_SECRET = new Refusal(
            403,
            "forbidden",
            "publishing over HTTP is off: set longconn.publishSecret (callers then send 'Authorization: Bearer <secret>'),"
                    + " or for development on one machine longconn.devPublishFromLoopback=true");
    static final Refusal WRONG_SECRET =
            new Refusal(401, "unauthorized", "send the publish secret as 'Authorization: Bearer <secret>'");

    private byte[] secret;
    private boolean loopbackOpen;

    /** For CDI proxies only. */
    protected PublishAccess() {}

    @Inject
    public PublishAccess(ConfigLookup settings) {
        this(settings.get("publishSecret"), Boolean.parseBoolean(settings.get("devPublishFromLoopback")));
    }

    /**
     * @param secret the publish secret, or {@code null} or empty for none
     * @param loopbackOpen whether, without a secret, loopback callers may publish
     */
    PublishAccess(String secret, boolean loopbackOpen) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.loopbackOpen = loopbackOpen;
    }

    /** Says once, when the application starts, how the API is protected. */
    void describe(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (secret != null) {
            LOG.info("HTTP publish API (POST /longconn/api/push): requires the publish secret");
        } else if (loopbackOpen) {
            LOG.warning("HTTP publish API (POST /longconn/api/push): open WITHOUT a secret to callers on this machine"
                    + " (devPublishFromLoopback=true, for development only; set longconn.publishSecret in production)");
        } else {
            LOG.info("HTTP publish API (POST /longconn/api/push): off, answering 403, because longconn.publishSecret"
                    + " is not set");
        }
    }

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @param remoteAddress the caller's IP address as the container reports it
     * @return why the request may not publish, or {@code null} when it may
     */
    public Refusal check(String authorization, String remoteAddress) {
        if (secret != null) {
            return matches(authorization) ? null : WRONG_SECRET;
        }
        return loopbackOpen && isLoopback(remoteAddress) ? null : NO_SECRET;
    }

    /** Compares in constant time, so the secret cannot be guessed from response times. */
    private boolean matches(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, secret);
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !isIpLiteral(address)) {
            return false;
        }
        try {
            // A literal is parsed, never looked up: no DNS on the request thread.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean allowed = c == '.' || c == ':' || c == '%' || Character.digit(c, 16) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
