package org.longconn.endpoint.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.longconn.endpoint.config.ConfigLookup;

/**
 * Which web pages may open a session: the defence against cross-site WebSocket hijacking, where a
 * page on another site opens a socket in a logged-in user's browser (the browser sends that
 * user's cookies along) and reads the user's pushes. Browsers always send {@code Origin} on a
 * WebSocket handshake and on cross-site requests; native and mini-program clients do not, and a
 * request without it passes. A request with it passes when it is same-origin (the {@code Origin}'s
 * host and port equal the request's {@code Host} header) or matches one of the patterns of the
 * setting {@code allowedOrigins}: comma-separated origins such as {@code https://app.example.com},
 * where {@code *} stands for any run of characters ({@code https://*.example.com}) and a lone
 * {@code *} allows every origin.
 */
@ApplicationScoped
public class OriginPolicy {

    private List<Pattern> allowed;

    /** For CDI proxies only. */
    protected OriginPolicy() {}

    @Inject
    public OriginPolicy(ConfigLookup settings) {
        this(settings.get("allowedOrigins"));
    }

    /** @param allowedOrigins the setting's value, or {@code null} for same-origin only */
    OriginPolicy(String allowedOrigins) {
        List<Pattern> patterns = new ArrayList<>();
        if (allowedOrigins != null) {
            for (String entry : allowedOrigins.split(",")) {
                String origin = entry.strip().toLowerCase(Locale.ROOT);
                if (!origin.isEmpty()) {
                    patterns.add(toPattern(origin));
                }
            }
        }
        this.allowed = List.copyOf(patterns);
    }

    /**
     * @param origin the request's {@code Origin} header, or {@code null}
     * @param host the request's {@code Host} header, or {@code null}
     * @return whether a request with these headers may open a session
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        if (host != null && host.strip().equalsIgnoreCase(authority(normalized))) {
            return true;
        }
        for (Pattern pattern : allowed) {
            if (pattern.matcher(normalized).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code https://a.example:8443} → {@code a.example:8443}; anything else (e.g. "null") → "". */
    private static String authority(String origin) {
        int start = origin.indexOf("://");
        if (start < 0) {
            return "";
        }
        String rest = origin.substring(start + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static Pattern toPattern(String origin) {
        StringBuilder regex = new StringBuilder();
        for (String literal : origin.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }
}
