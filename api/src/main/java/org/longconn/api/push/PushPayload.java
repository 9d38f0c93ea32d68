package org.longconn.api.push;

import java.util.Arrays;
import java.util.Objects;

/**
 * The body of a push: a JSON value sent in a text frame, or raw bytes sent in a binary frame.
 */
public sealed interface PushPayload {

    /**
     * A JSON value, already serialized. The gateway embeds it verbatim as the {@code data} member
     * of the push frame, so it must be valid JSON (an object, array, string, number, boolean or
     * {@code null}).
     */
    record Json(String json) implements PushPayload {
        public Json {
            Objects.requireNonNull(json, "json");
            if (json.isBlank()) {
                throw new IllegalArgumentException("json must be a JSON value, use \"null\" for none");
            }
        }
    }

    /** Raw bytes, delivered to clients as a binary frame (layout in docs/PROTOCOL.md). */
    final class Binary implements PushPayload {
        private final byte[] bytes;

        /** Copies {@code bytes}; later changes to the array do not affect the push. */
        public Binary(byte[] bytes) {
            this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /** A copy of the bytes. */
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Binary that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + bytes.length + " bytes]";
        }
    }
}
