package org.longconn.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.longconn.api.bus.BusFormat;

/**
 * An embedded Artemis broker on {@code 127.0.0.1}: one acceptor speaking CORE (the JMS client),
 * STOMP and AMQP; security off. Without a data directory it keeps nothing across a restart (the
 * gateway then tells its clients of the gap); with one, its journal keeps the durable queues and
 * their messages, so that a restart loses no push and no position. With peers, it forms a static
 * cluster with them (messages forwarded on demand), so a push published on any broker reaches the
 * gateway nodes connected to all of them. For development and tests on one machine; production
 * uses a real Artemis broker or cluster (see docs/BUS.md).
 */
public final class LoopbackBroker implements AutoCloseable {

    /**
     * Artemis's audit loggers write four to five INFO records per message (sent, consumed,
     * acknowledged...): most of this broker's CPU per push, and noise that hides real warnings.
     * Warnings and errors stay. Held here because JUL keeps only weak references to loggers.
     */
    private static final Logger AUDIT = Logger.getLogger("org.apache.activemq.audit");

    private final EmbeddedActiveMQ broker;
    private final int port;

    private LoopbackBroker(EmbeddedActiveMQ broker, int port) {
        this.broker = broker;
        this.port = port;
    }

    /** Starts a broker that keeps nothing across a restart; see {@link #start(int, List, Path)}. */
    public static LoopbackBroker start(int port, List<String> peers) throws Exception {
        return start(port, peers, null);
    }

    /**
     * Starts a broker listening on {@code 127.0.0.1:port}.
     *
     * @param peers other brokers as {@code HOST:PORT}, empty for a broker of its own
     * @param dataDir where its journal goes, or {@code null} to keep nothing across a restart
     * @throws Exception when Artemis cannot start (the port is taken, for example)
     */
    public static LoopbackBroker start(int port, List<String> peers, Path dataDir) throws Exception {
        AUDIT.setLevel(Level.WARNING);
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setName("longconn-broker");
        configuration.setPersistenceEnabled(dataDir != null);
        if (dataDir != null) {
            configuration.setJournalType(JournalType.NIO);
            configuration.setJournalDirectory(dataDir.resolve("journal").toString());
            configuration.setBindingsDirectory(dataDir.resolve("bindings").toString());
            configuration.setPagingDirectory(dataDir.resolve("paging").toString());
            configuration.setLargeMessagesDirectory(
                    dataDir.resolve("large-messages").toString());
        }
        configuration.setSecurityEnabled(false);
        configuration.setJMXManagementEnabled(false);
        configuration.addAcceptorConfiguration("loopback", "tcp://127.0.0.1:" + port + "?protocols=CORE,STOMP,AMQP");
        // Multicast, so that STOMP and AMQP senders reach every node's subscription like JMS topics do.
        configuration.addAddressConfiguration(new CoreAddressConfiguration()
                .setName(BusFormat.DEFAULT_PUSH_ADDRESS)
                .addRoutingType(RoutingType.MULTICAST));
        if (!peers.isEmpty()) {
            cluster(configuration, port, peers);
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        return new LoopbackBroker(broker, port);
    }

    /**
     * A static cluster connection to the peers: every broker knows the others by address (no
     * multicast discovery) and forwards messages to where there are matching subscriptions.
     */
    private static void cluster(ConfigurationImpl configuration, int port, List<String> peers) throws Exception {
        configuration.setClusterUser("longconn-cluster");
        configuration.setClusterPassword("longconn-cluster-on-loopback");
        configuration.addConnectorConfiguration("self", "tcp://127.0.0.1:" + port);
        List<String> connectors = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            String name = "peer-" + i;
            configuration.addConnectorConfiguration(name, "tcp://" + peers.get(i));
            connectors.add(name);
        }
        configuration.addClusterConfiguration(new ClusterConnectionConfiguration()
                .setName("longconn-cluster")
                .setConnectorName("self")
                .setStaticConnectors(connectors)
                .setMessageLoadBalancingType(MessageLoadBalancingType.ON_DEMAND)
                .setRetryInterval(500)
                .setReconnectAttempts(-1));
    }

    /** The broker's URL for JMS clients. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * The client connections the broker holds now (JMS, STOMP and AMQP alike): what a test counts
     * to show that an undeployed application left none behind.
     */
    public int connectionCount() {
        return broker.getActiveMQServer().getConnectionCount();
    }

    /** Stops the broker; its clients see their connections fail. */
    @Override
    public void close() throws Exception {
        broker.stop();
    }
}
