package org.longconn.endpoint.web;

import java.util.Base64;
import java.util.Locale;

/**
 * What RFC 6455 §4.2.1 requires of an opening handshake, checked before the container sees it:
 * the container accepts some malformed upgrades (by POST, over HTTP/1.0, with a key that is not 16
 * bytes) and answers others with a 500 page that discloses its internals. A malformed one is
 * answered 400 (426 for an unsupported version) with a plain-text reason instead.
 */
final class UpgradeRequestCheck {

    /** The refusal of a malformed upgrade: its HTTP status and what to fix. */
    record Problem(int status, String reason) {}

    /** The only WebSocket version (RFC 6455). */
    static final String VERSION = "13";

    private static final int KEY_BYTES = 16;

    private UpgradeRequestCheck() {}

    /**
     * @param method the request's method
     * @param protocol the request's protocol, e.g. {@code HTTP/1.1}
     * @param connection the {@code Connection} header, or {@code null}
     * @param key the {@code Sec-WebSocket-Key} header, or {@code null}
     * @param version the {@code Sec-WebSocket-Version} header, or {@code null}
     * @param host the {@code Host} header, or {@code null}
     * @return why the upgrade must be refused, or {@code null} when it is well formed
     */
    static Problem check(String method, String protocol, String connection, String key, String version, String host) {
        if (!"GET".equals(method)) {
            return new Problem(400, "a WebSocket upgrade must be a GET request, not " + method);
        }
        if (!isHttp11OrLater(protocol)) {
            return new Problem(400, "a WebSocket upgrade needs HTTP/1.1, not " + protocol);
        }
        if (host == null || host.isBlank()) {
            return new Problem(400, "a WebSocket upgrade needs a Host header");
        }
        if (!hasToken(connection, "upgrade")) {
            return new Problem(400, "a WebSocket upgrade needs 'Connection: Upgrade'");
        }
        if (!isKey(key)) {
            return new Problem(400, "Sec-WebSocket-Key must be 16 random bytes in base64 (24 characters)");
        }
        if (!VERSION.equals(version == null ? null : version.strip())) {
            return new Problem(426, "Sec-WebSocket-Version must be 13");
        }
        return null;
    }

    private static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String number = protocol.substring("HTTP/".length());
        return !number.equals("1.0") && !number.startsWith("0.");
    }

    /** Whether the comma-separated header holds {@code token}, case-insensitively. */
    private static boolean hasToken(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.strip().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.strip()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
