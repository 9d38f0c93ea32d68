/**
 * A Java client for the longconn gateway (protocol v1, docs/PROTOCOL.md) on the JDK's own
 * {@link java.net.http.WebSocket}: one connection, listeners per opType (subscribed once per
 * opType), calls as {@link java.util.concurrent.CompletableFuture}s, heartbeat at the interval the
 * server announces, automatic reconnect with backoff and resubscription unless the server said
 * stop, and a bounded queue for messages sent before the connection is open.
 */
package org.longconn.client;
