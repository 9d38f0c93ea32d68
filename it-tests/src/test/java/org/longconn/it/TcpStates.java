package org.longconn.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's view of one loopback TCP connection, read from {@code /proc/net/tcp} and
 * {@code tcp6} (Linux, where the suite runs): whether the server's end of it is still
 * ESTABLISHED. A client that stops reading cannot itself see that the server let go (the FIN
 * waits behind the bytes it does not read); the server's socket state says so at once.
 */
final class TcpStates {

    private static final String ESTABLISHED = "01";

    private TcpStates() {}

    /** Whether the server's end (local {@code serverPort}, remote {@code clientPort}) is ESTABLISHED. */
    static boolean serverEndEstablished(int serverPort, int clientPort) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", serverPort);
        String remote = String.format(Locale.ROOT, ":%04X", clientPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 3
                        && columns[1].endsWith(local)
                        && columns[2].endsWith(remote)
                        && ESTABLISHED.equals(columns[3])) {
                    return true;
                }
            }
        }
        return false;
    }
}
