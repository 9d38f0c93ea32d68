/**
 * A Java client for the longconn gateway (protocol v1, docs/PROTOCOL.md) on the JDK's own
 * {@link java.net.http.WebSocket} (or, to compress with permessage-deflate, a small WebSocket client
 * of its own behind the same interface): one connection, listeners per opType (subscribed once per
 * opType), calls as {@link java.util.concurrent.CompletableFuture}s, heartbeat at the interval the
 * server announces, automatic reconnect with backoff and resubscription unless the server said
 * stop, a bounded queue for messages sent before the connection is open, and, for tokens that
 * expire, a new token for every connection and the in-band refresh of the session's credentials;
 * and presence watches: who is subscribed to an opType, as a {@link org.longconn.client.PresenceView}.
 */
package org.longconn.client;
