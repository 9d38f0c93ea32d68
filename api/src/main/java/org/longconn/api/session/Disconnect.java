package org.longconn.api.session;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Why a session is closed by the server and whether its client should reconnect. The client gets
 * a {@code disconnect} frame with the code, reason and advice, then the close frame with the same
 * code and reason.
 *
 * @param code a close code in 4000–4499 (reconnect) or 4500–4999 (stop)
 * @param reason at most 123 bytes of UTF-8, the limit of a WebSocket close frame
 * @param reconnect derived from the code's range
 */
public record Disconnect(int code, String reason, boolean reconnect) {

    /** The most UTF-8 bytes a close frame can carry as reason. */
    public static final int MAX_REASON_BYTES = 123;

    public Disconnect {
        Objects.requireNonNull(reason, "reason");
        if (code < CloseCodes.RECONNECT_MIN || code > CloseCodes.STOP_MAX) {
            throw new IllegalArgumentException("close code " + code + " is outside 4000-4999");
        }
        if (reconnect != CloseCodes.meansReconnect(code)) {
            throw new IllegalArgumentException("close code " + code + " means "
                    + (reconnect ? "stop (4500-4999)" : "reconnect (4000-4499)")
                    + "; pick a code from the other range");
        }
        int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_REASON_BYTES) {
            throw new IllegalArgumentException(
                    "reason is " + bytes + " bytes of UTF-8; a close frame carries at most " + MAX_REASON_BYTES);
        }
    }

    /** A disconnect advising the client to reconnect; {@code code} in 4000–4499. */
    public static Disconnect reconnect(int code, String reason) {
        return new Disconnect(code, reason, true);
    }

    /** A disconnect telling the client not to reconnect; {@code code} in 4500–4999. */
    public static Disconnect stop(int code, String reason) {
        return new Disconnect(code, reason, false);
    }
}
