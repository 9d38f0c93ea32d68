package org.longconn.api.session;

/**
 * The WebSocket close codes the gateway uses, documented in docs/PROTOCOL.md.
 *
 * <p>Codes 4000–4499 mean "reconnect" (the client should reconnect with backoff); codes
 * 4500–4999 mean "stop" (the client must not reconnect on its own). Within each range the first
 * hundred are the gateway's; applications choose their own codes from 4100–4499 and 4600–4999.
 */
public final class CloseCodes {

    /** The server ended the session and advises reconnecting (generic). */
    public static final int SERVER_RECONNECT = 4000;
    /** The session did not read its pushes fast enough; its outbox overflowed. */
    public static final int SLOW_CONSUMER = 4001;
    /** Nothing was received from the client within the idle timeout. */
    public static final int IDLE_TIMEOUT = 4002;
    /** The gateway is shutting down, being redeployed or draining. */
    public static final int SHUTDOWN = 4003;
    /** This node holds as many sessions as it may ({@code maxSessions}): connect to another node. */
    public static final int NODE_FULL = 4004;
    /** The session's credentials expired without a refresh: reconnect with a new token (PROTOCOL.md §16). */
    public static final int SESSION_EXPIRED = 4005;

    /** The server ended the session and advises not reconnecting (generic). */
    public static final int SERVER_STOP = 4500;
    /** The client sent too many invalid frames. */
    public static final int PROTOCOL_VIOLATION = 4501;
    /** The user already holds as many sessions on this node as it may ({@code maxSessionsPerUser}). */
    public static final int TOO_MANY_SESSIONS = 4502;

    /** First code of the reconnect range. */
    public static final int RECONNECT_MIN = 4000;
    /** Last code of the reconnect range. */
    public static final int RECONNECT_MAX = 4499;
    /** First code of the stop range. */
    public static final int STOP_MIN = 4500;
    /** Last code of the stop range. */
    public static final int STOP_MAX = 4999;
    /** First application code advising reconnect. */
    public static final int APP_RECONNECT_MIN = 4100;
    /** First application code advising stop. */
    public static final int APP_STOP_MIN = 4600;

    private CloseCodes() {}

    /** Whether {@code code} tells the client to reconnect. */
    public static boolean meansReconnect(int code) {
        return code >= RECONNECT_MIN && code <= RECONNECT_MAX;
    }
}
