package org.longconn.client;

/**
 * Why the connection ended.
 *
 * @param code the close code (4000-4499: the server advised reconnecting; 4500-4999: it said stop)
 * @param reason the server's reason, or a description of a local failure
 * @param manual whether {@link LongConnClient#disconnect()} ended it
 * @param willReconnect whether the client is going to reconnect by itself
 */
public record DisconnectInfo(int code, String reason, boolean manual, boolean willReconnect) {}
