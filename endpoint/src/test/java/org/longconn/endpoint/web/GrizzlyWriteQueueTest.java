package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.ssl.SSLFilter;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.junit.jupiter.api.Test;

/**
 * The direct write path against a real Grizzly transport on loopback: bytes written into the
 * connection's queue reach the peer as they are, completion is reported once per write, a write
 * on a closed connection fails instead of vanishing, and a chain with a filter that may change the
 * bytes (TLS) is refused, so that such listeners keep the way through Tyrus.
 */
class GrizzlyWriteQueueTest {

    @Test
    void writesReachThePeerUnchangedAndReportTheirEnd() throws Exception {
        try (Server server = new Server(new TransportFilter(), idleTimeout())) {
            try (Socket peer = server.connect()) {
                Connection<?> connection = server.accepted.get(10, TimeUnit.SECONDS);
                Completions completions = new Completions();
                GrizzlyWriteQueue queue = GrizzlyWriteQueue.of(connection, completions::done);
                assertNotNull(queue, "a chain of pass-through filters is written to directly");

                byte[] first = "first frame".getBytes(StandardCharsets.UTF_8);
                queue.write(first);
                assertNull(completions.next(), "the first write completed");
                byte[] second = new byte[200_000]; // more than one socket write
                for (int i = 0; i < second.length; i++) {
                    second[i] = (byte) i;
                }
                queue.write(second);

                DataInputStream in = new DataInputStream(peer.getInputStream());
                byte[] read = new byte[first.length];
                in.readFully(read);
                assertArrayEquals(first, read);
                read = new byte[second.length];
                in.readFully(read);
                assertArrayEquals(second, read);
                assertNull(completions.next(), "the second write completed");
            }
        }
    }

    @Test
    void aWriteOnAClosedConnectionFails() throws Exception {
        try (Server server = new Server(new TransportFilter())) {
            try (Socket peer = server.connect()) {
                Connection<?> connection = server.accepted.get(10, TimeUnit.SECONDS);
                Completions completions = new Completions();
                GrizzlyWriteQueue queue = GrizzlyWriteQueue.of(connection, completions::done);
                assertNotNull(queue);
                connection.closeSilently();

                queue.write("too late".getBytes(StandardCharsets.UTF_8));
                assertNotNull(completions.next(), "the write failed");
            }
        }
    }

    @Test
    void aChainThatMayChangeTheBytesIsRefused() throws Exception {
        try (Server server = new Server(new TransportFilter(), new SSLFilter())) {
            try (Socket peer = server.connect()) {
                Connection<?> connection = server.accepted.get(10, TimeUnit.SECONDS);
                assertNull(GrizzlyWriteQueue.of(connection, failure -> {}));
            }
        }
    }

    private static IdleTimeoutFilter idleTimeout() {
        return new IdleTimeoutFilter(IdleTimeoutFilter.createDefaultIdleDelayedExecutor(), 30, TimeUnit.SECONDS);
    }

    /** The ends of writes in the order they were reported; a failure, or {@link #WRITTEN}. */
    private static final class Completions {
        private static final Throwable WRITTEN = new Throwable("written");
        private final java.util.concurrent.BlockingQueue<Throwable> ends =
                new java.util.concurrent.LinkedBlockingQueue<>();

        void done(Throwable failure) {
            ends.add(failure == null ? WRITTEN : failure);
        }

        /** The next end: {@code null} for written, the failure otherwise. */
        Throwable next() throws InterruptedException {
            Throwable end = ends.poll(10, TimeUnit.SECONDS);
            assertNotNull(end, "no write ended within 10 s");
            return end == WRITTEN ? null : end;
        }
    }

    /** A Grizzly transport on a free loopback port with the given filters, handing out what it accepts. */
    private static final class Server implements AutoCloseable {
        final CompletableFuture<Connection<?>> accepted = new CompletableFuture<>();
        private final TCPNIOTransport transport;
        private final int port;

        Server(Filter... filters) throws IOException {
            FilterChainBuilder chain = FilterChainBuilder.stateless();
            for (Filter filter : filters) {
                chain.add(filter);
            }
            transport = TCPNIOTransportBuilder.newInstance().build();
            transport.setProcessor(chain.build());
            // Told by a probe, not a filter of its own: the chain holds only the filters under test.
            transport.getConnectionMonitoringConfig().addProbes(new ConnectionProbe.Adapter() {
                @Override
                public void onAcceptEvent(Connection serverConnection, Connection clientConnection) {
                    accepted.complete(clientConnection);
                }
            });
            try {
                port = ((InetSocketAddress) transport.bind("127.0.0.1", 0).getLocalAddress()).getPort();
                transport.start();
            } catch (IOException | RuntimeException e) {
                transport.shutdownNow();
                throw e;
            }
        }

        Socket connect() throws IOException {
            return new Socket("127.0.0.1", port);
        }

        @Override
        public void close() throws IOException {
            transport.shutdownNow();
        }
    }
}
