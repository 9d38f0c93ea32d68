package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * How many WebSocket sessions one node takes: {@code maxSessions} in all and {@code
 * maxSessionsPerUser} per user id (sessions without a user are not counted per user); 0 means no
 * cap. A session over a cap is told so with a {@code disconnect} frame (4004, reconnect to another
 * node; 4502, stop) instead of its {@code welcome}.
 */
public record SessionCaps(long maxSessions, long maxSessionsPerUser) {

    /** No caps. */
    public static SessionCaps none() {
        return new SessionCaps(0, 0);
    }

    /**
     * Reads {@code maxSessions} and {@code maxSessionsPerUser} (default 0: no cap).
     *
     * @throws IllegalArgumentException naming the setting when a value is not a number from 0
     */
    public static SessionCaps from(Function<String, String> lookup) {
        GatewayConfig.Reader reader = new GatewayConfig.Reader(lookup);
        return new SessionCaps(reader.nonNegative("maxSessions", 0), reader.nonNegative("maxSessionsPerUser", 0));
    }

    /** Whether a node holding {@code open} sessions may take one more. */
    public boolean nodeTakes(int open) {
        return maxSessions == 0 || open < maxSessions;
    }

    /** Whether a user holding {@code open} sessions on this node may open one more. */
    public boolean userTakes(int open) {
        return maxSessionsPerUser == 0 || open < maxSessionsPerUser;
    }
}
