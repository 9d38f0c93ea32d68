package org.longconn.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from {@code /proc} (Linux, where the suite runs):
 * the socket inodes among the process's file descriptors, matched with the LISTEN rows of
 * {@code /proc/net/tcp} and {@code tcp6}. The suite's rule is that every listener of every process
 * it starts binds loopback only; {@link #beyondLoopback} lists those that do not.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    /** One listening socket: its address as the kernel shows it, and its port. */
    public record Listener(String address, int port, boolean loopback) {
        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

    private ListeningSockets() {}

    /** The listeners of process {@code pid} that are not bound to a loopback address. */
    public static List<Listener> beyondLoopback(long pid) throws IOException {
        List<Listener> open = new ArrayList<>();
        for (Listener listener : of(pid)) {
            if (!listener.loopback()) {
                open.add(listener);
            }
        }
        return open;
    }

    /** Every TCP listener of process {@code pid}. */
    public static List<Listener> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<Listener> listeners = new ArrayList<>();
        for (String[] columns : tcpRows()) {
            if (columns.length > 9 && LISTEN.equals(columns[3]) && inodes.contains(columns[9])) {
                listeners.add(parse(columns[1]));
            }
        }
        return listeners;
    }

    /**
     * Every row of {@code /proc/net/tcp} and {@code tcp6} split into its columns: local address,
     * remote address, state ... inode at index 9 (the header lines included; callers match on
     * columns).
     */
    static List<String[]> tcpRows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (Files.isReadable(path)) {
                for (String line : Files.readAllLines(path)) {
                    rows.add(line.trim().split("\\s+"));
                }
            }
        }
        return rows;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} (IPv4, little-endian) or 32 hex digits of IPv6 in 32-bit little-endian words. */
    private static Listener parse(String local) {
        int colon = local.indexOf(':');
        String hex = local.substring(0, colon);
        int port = Integer.parseInt(local.substring(colon + 1), 16);
        byte[] address = new byte[hex.length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                address[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return new Listener(text(address), port, isLoopback(address));
    }

    private static boolean isLoopback(byte[] address) {
        if (address.length == 4) {
            return address[0] == 127;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        boolean mapped = address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
        if (mapped) {
            return address[12] == 127;
        }
        for (int i = 10; i < 15; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[15] == 1;
    }

    private static String text(byte[] address) {
        StringBuilder text = new StringBuilder();
        if (address.length == 4) {
            for (byte b : address) {
                text.append(text.length() == 0 ? "" : ".").append(b & 0xFF);
            }
            return text.toString();
        }
        for (int i = 0; i < 16; i += 2) {
            text.append(i == 0 ? "" : ":")
                    .append(Integer.toHexString(((address[i] & 0xFF) << 8) | (address[i + 1] & 0xFF)));
        }
        return "[" + text + "]";
    }
}
