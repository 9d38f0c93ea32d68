package org.longconn.client;

/**
 * A refresh of the session's credentials that did not happen (PROTOCOL.md §16). The client does
 * not try again by itself: the session goes on until its expiry, when the server closes it with
 * 4005 and the client reconnects, with a new token from the supplier.
 *
 * @param code {@code refresh_denied} (or another of the server's error codes) when the server
 *     refused the {@code refresh}; {@code token_unavailable} when the token supplier failed or gave
 *     no token
 * @param message the server's reason, or a description of the supplier's failure
 * @param cause the supplier's failure, or {@code null} when the server refused
 */
public record RefreshFailure(String code, String message, Throwable cause) {

    /** The code of a refresh that failed because the token supplier gave no token. */
    public static final String TOKEN_UNAVAILABLE = "token_unavailable";
}
