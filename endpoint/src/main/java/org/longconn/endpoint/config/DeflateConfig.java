package org.longconn.endpoint.config;

import java.util.function.Function;

/**
 * Settings of permessage-deflate (RFC 7692; PROTOCOL.md §2.1), read like {@link GatewayConfig}.
 *
 * @param deflate whether the gateway accepts a client's offer of permessage-deflate
 * @param deflateMinBytes frames with a shorter payload go out uncompressed
 * @param deflateLevel the zlib level, 1 (fastest) to 9 (smallest)
 */
public record DeflateConfig(boolean deflate, int deflateMinBytes, int deflateLevel) {

    /** Off; when on, frames of 512 bytes and more are compressed at level 6. */
    public static DeflateConfig defaults() {
        return new DeflateConfig(false, 512, 6);
    }

    /** @throws IllegalArgumentException naming the setting when a value is unusable */
    public static DeflateConfig from(Function<String, String> lookup) {
        GatewayConfig.Reader r = new GatewayConfig.Reader(lookup);
        DeflateConfig d = defaults();
        int level = (int) r.positive("deflateLevel", d.deflateLevel());
        if (level > 9) {
            throw new IllegalArgumentException(
                    "longconn.deflateLevel must be 1 (fastest) to 9 (smallest), got " + level);
        }
        return new DeflateConfig(
                r.flag("deflate", d.deflate()), (int) r.nonNegative("deflateMinBytes", d.deflateMinBytes()), level);
    }
}
