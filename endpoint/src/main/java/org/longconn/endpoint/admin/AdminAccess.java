package org.longconn.endpoint.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.longconn.endpoint.config.ConfigLookup;

/**
 * Who may use the operator endpoints, by the setting {@code adminSecret}: a caller must send
 * {@code Authorization: Bearer <adminSecret>}, compared in constant time. Without a secret the
 * metrics are open (as a Prometheus scrape usually is) and the admin API is off.
 */
@ApplicationScoped
public class AdminAccess {

    private static final String BEARER = "Bearer ";

    private byte[] secret;

    /** For CDI. */
    protected AdminAccess() {}

    @Inject
    AdminAccess(ConfigLookup lookup) {
        this(lookup.get("adminSecret"));
    }

    /** @param secret the admin secret, or {@code null} or blank for none */
    public AdminAccess(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a secret is set. */
    public boolean protectedBySecret() {
        return secret != null;
    }

    /**
     * Whether a request with this {@code Authorization} header (may be null) carries the secret;
     * always {@code false} without one.
     */
    public boolean authorized(String authorization) {
        if (secret == null || authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        byte[] offered = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(secret, offered);
    }

    /** Whether a request may read the metrics: anyone without a secret, else only with it. */
    public boolean mayReadMetrics(String authorization) {
        return secret == null || authorized(authorization);
    }
}
