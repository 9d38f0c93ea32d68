package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * The gateway's settings. Every setting {@code name} is read from the system property
 * {@code longconn.name}, else the environment variable {@code LONGCONN_NAME} (upper case,
 * camel case split by '_'), else a {@code longconn.properties} resource on the application's
 * class path, else the default. The README's configuration table lists them.
 *
 * @param maxFrameBytes largest inbound text frame processed, in UTF-8 bytes
 * @param maxSubscriptions opTypes and patterns one session may hold
 * @param maxOpTypeLength longest opType or pattern, in characters
 * @param outboxMaxMessages frames one session may have queued before it is a slow consumer
 * @param outboxMaxBytes bytes one session may have queued before it is a slow consumer
 * @param idleTimeoutMs a session silent this long is closed
 * @param heartbeatIntervalMs how often clients are told to send a ping
 * @param callTimeoutMs a call not answered this long is answered {@code timeout}
 * @param maxFramesPerSecond inbound frames per second and session before {@code rate_limited}
 * @param maxBadFrames invalid frames per minute and session before the session is closed
 * @param closeGraceMs how long a closing session may take to flush its last frames
 * @param sendTimeLimitMs a write not completed this long closes the session as a slow consumer
 * @param maxPublishBytes largest body of {@code POST /api/push}, in bytes
 */
public record GatewayConfig(
        int maxFrameBytes,
        int maxSubscriptions,
        int maxOpTypeLength,
        int outboxMaxMessages,
        long outboxMaxBytes,
        long idleTimeoutMs,
        long heartbeatIntervalMs,
        long callTimeoutMs,
        int maxFramesPerSecond,
        int maxBadFrames,
        long closeGraceMs,
        long sendTimeLimitMs,
        int maxPublishBytes) {

    /** Defaults, documented in the README. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(
                64 * 1024,
                100,
                128,
                1_000,
                4L * 1024 * 1024,
                60_000,
                25_000,
                10_000,
                100,
                20,
                2_000,
                10_000,
                1024 * 1024);
    }

    /**
     * Reads every setting through {@code lookup} (name → raw value or {@code null}).
     *
     * @throws IllegalArgumentException naming the setting when a value is not a positive integer
     */
    public static GatewayConfig from(Function<String, String> lookup) {
        GatewayConfig d = defaults();
        Reader r = new Reader(lookup);
        GatewayConfig config = new GatewayConfig(
                (int) r.positive("maxFrameBytes", d.maxFrameBytes()),
                (int) r.positive("maxSubscriptions", d.maxSubscriptions()),
                (int) r.positive("maxOpTypeLength", d.maxOpTypeLength()),
                (int) r.positive("outboxMaxMessages", d.outboxMaxMessages()),
                r.positive("outboxMaxBytes", d.outboxMaxBytes()),
                r.positive("idleTimeoutMs", d.idleTimeoutMs()),
                r.positive("heartbeatIntervalMs", d.heartbeatIntervalMs()),
                r.positive("callTimeoutMs", d.callTimeoutMs()),
                (int) r.positive("maxFramesPerSecond", d.maxFramesPerSecond()),
                (int) r.positive("maxBadFrames", d.maxBadFrames()),
                r.positive("closeGraceMs", d.closeGraceMs()),
                r.positive("sendTimeLimitMs", d.sendTimeLimitMs()),
                (int) r.positive("maxPublishBytes", d.maxPublishBytes()));
        if (config.heartbeatIntervalMs() >= config.idleTimeoutMs()) {
            throw new IllegalArgumentException("longconn.heartbeatIntervalMs (" + config.heartbeatIntervalMs()
                    + ") must be shorter than longconn.idleTimeoutMs (" + config.idleTimeoutMs()
                    + "), or clients that follow it are closed as idle");
        }
        return config;
    }

    /** Reads raw settings as numbers, naming the setting when a value is unusable. */
    public record Reader(Function<String, String> lookup) {
        /**
         * The setting {@code name} as a positive integer up to {@link Integer#MAX_VALUE}, or {@code
         * fallback} when it is not set.
         *
         * @throws IllegalArgumentException naming the setting when the value is anything else
         */
        public long positive(String name, long fallback) {
            String raw = lookup.apply(name);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            try {
                long value = Long.parseLong(raw.trim());
                if (value > 0 && value <= Integer.MAX_VALUE) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the setting's name
            }
            throw new IllegalArgumentException("longconn." + name + " must be a positive integer up to "
                    + Integer.MAX_VALUE + ", got '" + raw + "'");
        }

        /**
         * The setting {@code name} as an integer from 0 up to {@link Integer#MAX_VALUE}, or {@code
         * fallback} when it is not set.
         *
         * @throws IllegalArgumentException naming the setting when the value is anything else
         */
        public long nonNegative(String name, long fallback) {
            String raw = lookup.apply(name);
            if (raw != null && raw.trim().equals("0")) {
                return 0;
            }
            return positive(name, fallback);
        }

        /**
         * The setting {@code name} as {@code true} or {@code false} (any case), or {@code fallback}
         * when it is not set.
         *
         * @throws IllegalArgumentException naming the setting when the value is anything else
         */
        public boolean flag(String name, boolean fallback) {
            String raw = lookup.apply(name);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            if (raw.trim().equalsIgnoreCase("true")) {
                return true;
            }
            if (raw.trim().equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("longconn." + name + " must be true or false, got '" + raw + "'");
        }
    }
}
