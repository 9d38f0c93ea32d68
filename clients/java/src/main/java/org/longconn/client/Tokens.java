package org.longconn.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the client's tokens come from (PROTOCOL.md §16): the app's supplier, asked once for every
 * connection attempt and once for every in-band refresh, and the query parameter that carries the
 * token in the connect URI. Without a supplier the URIs are used as they are and refreshes are not
 * answered.
 */
final class Tokens {

    private static final System.Logger LOG = System.getLogger(LongConnClient.class.getName());

    private final Supplier<? extends CompletionStage<String>> supplier;
    private final String parameter;

    /** @param supplier the app's, or {@code null} for none */
    Tokens(Supplier<? extends CompletionStage<String>> supplier, String parameter) {
        this.supplier = supplier;
        this.parameter = parameter;
    }

    /** Whether the app supplies tokens. */
    boolean supplied() {
        return supplier != null;
    }

    /**
     * A new token from the supplier. It fails when the supplier throws, returns no stage, fails, or
     * gives a {@code null} or empty token. Only when {@link #supplied()}.
     */
    CompletableFuture<String> next() {
        CompletionStage<String> stage;
        try {
            stage = supplier.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the token supplier returned null"));
        }
        return stage.toCompletableFuture().thenApply(token -> {
            if (token == null || token.isEmpty()) {
                throw new IllegalStateException("the token supplier gave no token");
            }
            return token;
        });
    }

    /**
     * The URI to open a connection to {@code node} with: a new token in its query. Fails when no
     * token came (the attempt fails, and a reconnect is tried again after backoff). Only when {@link
     * #supplied()}.
     */
    CompletableFuture<URI> connectUri(URI node) {
        return next().handle((token, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                LOG.log(System.Logger.Level.WARNING, "no token to connect to " + node + " with", cause);
                throw new IllegalStateException("no token to connect with: " + cause.getMessage(), cause);
            }
            return withQueryParameter(node, parameter, token);
        });
    }

    /**
     * {@code uri} with the query parameter {@code name} set to {@code value}: the first parameter of
     * that name (compared decoded) takes the new value in its place, further ones go, and the other
     * parameters stay as they were; without one, it is appended. The value is form-encoded (UTF-8),
     * as a server decodes query parameters.
     */
    static URI withQueryParameter(URI uri, String name, String value) {
        String encoded = encode(name) + "=" + encode(value);
        List<String> parameters = new ArrayList<>();
        boolean replaced = false;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&", -1)) {
                int equals = parameter.indexOf('=');
                String rawName = equals < 0 ? parameter : parameter.substring(0, equals);
                if (!decode(rawName).equals(name)) {
                    parameters.add(parameter);
                } else if (!replaced) {
                    parameters.add(encoded);
                    replaced = true;
                }
            }
        }
        if (!replaced) {
            parameters.add(encoded);
        }
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            text.append("//").append(uri.getRawAuthority());
        }
        text.append(uri.getRawPath() == null ? "" : uri.getRawPath())
                .append('?')
                .append(String.join("&", parameters));
        if (uri.getRawFragment() != null) {
            text.append('#').append(uri.getRawFragment());
        }
        try {
            return new URI(text.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot put " + name + " into " + uri + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape in someone else's parameter: compared as it is
        }
    }
}
