package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * Settings of presence (PROTOCOL.md §18), read like {@link GatewayConfig}.
 *
 * @param maxPresenceMembers members listed in one {@code presence} snapshot; beyond it the
 *     snapshot carries the counts only ({@code complete: false})
 */
public record PresenceConfig(int maxPresenceMembers) {

    /** 1,000 members per snapshot. */
    public static PresenceConfig defaults() {
        return new PresenceConfig(1_000);
    }

    /** @throws IllegalArgumentException naming the setting when the value is not a positive integer */
    public static PresenceConfig from(Function<String, String> lookup) {
        return new PresenceConfig((int) new GatewayConfig.Reader(lookup)
                .positive("maxPresenceMembers", defaults().maxPresenceMembers()));
    }
}
