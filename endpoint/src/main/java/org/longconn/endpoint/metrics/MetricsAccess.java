package org.longconn.endpoint.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read the metrics: everyone without an admin secret (as a Prometheus scrape usually
 * is), else only a caller that sends {@code Authorization: Bearer <adminSecret>}, compared in
 * constant time.
 */
public final class MetricsAccess {

    private static final String BEARER = "Bearer ";

    private final byte[] secret;

    /** @param secret the admin secret, or {@code null} or empty for none */
    public MetricsAccess(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a secret is required. */
    public boolean protectedBySecret() {
        return secret != null;
    }

    /** Whether a request with this {@code Authorization} header (may be null) may read the metrics. */
    public boolean allows(String authorization) {
        if (secret == null) {
            return true;
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        byte[] offered = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(secret, offered);
    }
}
