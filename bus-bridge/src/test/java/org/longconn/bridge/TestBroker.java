package org.longconn.bridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Consumer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/** A real Artemis broker on a free loopback port, that tests can stop and start again on that port. */
final class TestBroker implements AutoCloseable {

    private final int port;
    private final Path journal;
    private EmbeddedActiveMQ server;

    /** A broker that keeps nothing across a restart. */
    TestBroker() throws IOException {
        this(null);
    }

    /** A broker that keeps its queues and durable messages in {@code journal} across restarts, or nothing when null. */
    TestBroker(Path journal) throws IOException {
        this.journal = journal;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    /** Artemis's per-message audit records: noise that hides what a failing test logged. */
    private static final java.util.logging.Logger AUDIT =
            java.util.logging.Logger.getLogger("org.apache.activemq.audit");

    TestBroker start() throws Exception {
        AUDIT.setLevel(java.util.logging.Level.WARNING);
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(journal != null);
        if (journal != null) {
            configuration.setJournalType(JournalType.NIO);
            configuration.setJournalDirectory(journal.resolve("journal").toString());
            configuration.setBindingsDirectory(journal.resolve("bindings").toString());
            configuration.setPagingDirectory(journal.resolve("paging").toString());
            configuration.setLargeMessagesDirectory(journal.resolve("large").toString());
        }
        configuration.setSecurityEnabled(false);
        configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.start();
        return this;
    }

    /** The broker-side queue named {@code name}, for a test to look into. */
    Queue queue(String name) {
        return server.getActiveMQServer().locateQueue(name);
    }

    /** The names of the queues bound to {@code address}. */
    List<String> queuesOf(String address) throws Exception {
        return server.getActiveMQServer().bindingQuery(SimpleString.of(address)).getQueueNames().stream()
                .map(SimpleString::toString)
                .toList();
    }

    /** Fails every client connection with a consumer on queue {@code name}, as a network cut would. */
    void cutConsumersOf(String name) {
        ActiveMQServer broker = server.getActiveMQServer();
        for (Consumer consumer : queue(name).getConsumers()) {
            RemotingConnection connection =
                    broker.getRemotingService().getConnection(((ServerConsumer) consumer).getConnectionID());
            if (connection != null) {
                connection.fail(new ActiveMQNotConnectedException("cut by the test"));
            }
        }
    }

    void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
