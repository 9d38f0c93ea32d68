package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * Settings of the HTTP polling transport (read like {@link GatewayConfig}).
 *
 * @param waitMs how long a long-poll waits for a push when it asks for no shorter wait; also the
 *     longest wait a client may ask for (proxies commonly cut idle requests at 30 to 60 s)
 * @param maxWaiting long-polls one node holds open at once; beyond it a poll is answered 503
 * @param maxPushes pushes in one poll answer; a longer backlog comes in further polls
 */
public record PollConfig(long waitMs, int maxWaiting, int maxPushes) {

    /** 25 s waits, 10,000 waiting polls per node, 500 pushes per answer. */
    public static PollConfig defaults() {
        return new PollConfig(25_000, 10_000, 500);
    }

    /** @throws IllegalArgumentException naming the setting when a value is not a positive integer */
    public static PollConfig from(Function<String, String> lookup) {
        PollConfig d = defaults();
        GatewayConfig.Reader r = new GatewayConfig.Reader(lookup);
        return new PollConfig(
                r.positive("pollWaitMs", d.waitMs()), (int) r.positive("pollMaxWaiting", d.maxWaiting()), (int)
                        r.positive("pollMaxPushes", d.maxPushes()));
    }
}
