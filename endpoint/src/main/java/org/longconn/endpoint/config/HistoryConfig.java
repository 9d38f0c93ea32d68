package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * Bounds of each node's push history, which resume replays from (read like {@link GatewayConfig}).
 *
 * @param perStream pushes kept per opType, and per opType and user for user-targeted pushes
 * @param maxAgeMs pushes older than this are dropped: the longest a client can be away and resume
 * @param maxBytes all pushes kept, counted as their encoded frames plus a fixed overhead each
 */
public record HistoryConfig(int perStream, long maxAgeMs, long maxBytes) {

    /** About 1,000 pushes and 2 minutes per opType, at most 64 MiB in all. */
    public static HistoryConfig defaults() {
        return new HistoryConfig(1_000, 120_000, 64L * 1024 * 1024);
    }

    /** @throws IllegalArgumentException naming the setting when a value is not a positive integer */
    public static HistoryConfig from(Function<String, String> lookup) {
        HistoryConfig d = defaults();
        GatewayConfig.Reader r = new GatewayConfig.Reader(lookup);
        return new HistoryConfig(
                (int) r.positive("historySize", d.perStream()),
                r.positive("historyMaxAgeMs", d.maxAgeMs()),
                r.positive("historyMaxBytes", d.maxBytes()));
    }
}
