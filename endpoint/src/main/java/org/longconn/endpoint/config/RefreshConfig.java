package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * Settings of connection expiry (PROTOCOL.md §16), read like {@link GatewayConfig}.
 *
 * @param refreshAheadMs how long before a session's credentials expire the client is asked for a
 *     new token ({@code refresh_required}); a session opened closer to its expiry is asked at once
 */
public record RefreshConfig(long refreshAheadMs) {

    /** Asked a minute ahead. */
    public static RefreshConfig defaults() {
        return new RefreshConfig(60_000);
    }

    /** @throws IllegalArgumentException naming the setting when the value is not a positive integer */
    public static RefreshConfig from(Function<String, String> lookup) {
        return new RefreshConfig(new GatewayConfig.Reader(lookup)
                .positive("refreshAheadMs", defaults().refreshAheadMs()));
    }
}
