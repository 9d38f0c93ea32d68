package org.longconn.client;

/**
 * Faults a test can cause in a {@link LongConnClient}, through its package-private seams: the
 * client's public API has no member that exists only for tests. Shipped in the client's test jar
 * for the integration suites.
 */
public final class ClientFaults {

    private ClientFaults() {}

    /**
     * Drops the connection as a network failure would: the TCP connection is aborted without a
     * close frame, and the client reconnects as after any drop (1006), resuming its subscriptions
     * from their positions. Nothing happens while the client is not connected.
     */
    public static void dropConnection(LongConnClient client) {
        client.dropConnection();
    }
}
