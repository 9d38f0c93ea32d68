package org.longconn.it;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel's view of one loopback TCP connection, read from {@code /proc/net/tcp} and
 * {@code tcp6} (Linux, where the suite runs): whether the server's end of it is still
 * ESTABLISHED. A client that stops reading cannot itself see that the server let go (the FIN
 * waits behind the bytes it does not read); the server's socket state says so at once.
 */
final class TcpStates {

    private static final String ESTABLISHED = "01";

    private TcpStates() {}

    /**
     * Waits until the server's end of the connection from {@code clientPort} is no longer
     * ESTABLISHED, polling, and fails when it still is after {@code timeoutMs}.
     */
    static void awaitServerLetGo(int serverPort, int clientPort, long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (serverEndEstablished(serverPort, clientPort)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the server still holds the connection from port " + clientPort + " after "
                        + timeoutMs + " ms");
            }
            LockSupport.parkNanos(20_000_000); // a poll interval, not a wait for timing
        }
    }

    /** Whether the server's end (local {@code serverPort}, remote {@code clientPort}) is ESTABLISHED. */
    static boolean serverEndEstablished(int serverPort, int clientPort) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", serverPort);
        String remote = String.format(Locale.ROOT, ":%04X", clientPort);
        for (String[] columns : ListeningSockets.tcpRows()) {
            if (columns.length > 3
                    && columns[1].endsWith(local)
                    && columns[2].endsWith(remote)
                    && ESTABLISHED.equals(columns[3])) {
                return true;
            }
        }
        return false;
    }
}
