package org.longconn.client;

/**
 * A subscription the server made or took back for the session (PROTOCOL.md §17), as its {@code
 * subscribed} or {@code unsubscribed} frame marked {@code server} reports it: one per opType of
 * the frame. See {@link LongConnClientBuilder#onServerSubscription(java.util.function.Consumer)}.
 *
 * @param opType the opType or pattern
 * @param subscribed {@code true} when the server subscribed the session to it, {@code false} when
 *     it took it back
 * @param ok whether it was done; a server-made subscription goes through the same checks as the
 *     client's own, so the gateway's application may refuse it
 * @param code when not {@code ok}: the error code, e.g. {@code subscription_denied} or {@code
 *     too_many_subscriptions}; else {@code null}
 * @param message when not {@code ok}: the server's reason; else {@code null}
 */
public record ServerSubscription(String opType, boolean subscribed, boolean ok, String code, String message) {}
