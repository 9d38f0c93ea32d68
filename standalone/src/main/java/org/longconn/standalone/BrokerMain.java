package org.longconn.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.longconn.api.bus.BusFormat;

/**
 * Runs an embedded Artemis broker on {@code 127.0.0.1} until the process is stopped.
 *
 * <pre>
 * java -jar standalone/target/longconn-broker.jar [--port 61616] [--peer 127.0.0.1:61617 ...]
 * </pre>
 *
 * One acceptor speaks CORE (the JMS client), STOMP and AMQP. With {@code --peer}, the broker forms
 * a cluster with the brokers named (a static cluster connection, messages forwarded on demand), so
 * a push published on any of them reaches the gateway nodes connected to all of them. Nothing is persisted and security is
 * off: it is for development and tests on one machine, bound to loopback only. Production uses a
 * real Artemis broker or cluster (see docs/BUS.md).
 */
public final class BrokerMain {

    private static final Logger LOG = Logger.getLogger(BrokerMain.class.getName());

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int port = options.port();
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setName("longconn-broker");
        configuration.setPersistenceEnabled(false);
        configuration.setSecurityEnabled(false);
        configuration.setJMXManagementEnabled(false);
        configuration.addAcceptorConfiguration("loopback",
                "tcp://127.0.0.1:" + port + "?protocols=CORE,STOMP,AMQP");
        // Multicast, so that STOMP and AMQP senders reach every node's subscription like JMS topics do.
        configuration.addAddressConfiguration(new CoreAddressConfiguration()
                .setName(BusFormat.DEFAULT_PUSH_ADDRESS).addRoutingType(RoutingType.MULTICAST));

        if (!options.peers().isEmpty()) {
            cluster(configuration, port, options.peers());
        }

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        System.out.println("longconn broker listening on tcp://127.0.0.1:" + port + " (JMS/CORE, STOMP, AMQP)"
                + (options.peers().isEmpty() ? "" : ", clustered with " + options.peers()));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                LOG.warning("broker stop failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "longconn-broker-stop"));
        stopped.await();
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

    /** Command-line options: {@code --port N} (or LONGCONN_BROKER_PORT), {@code --peer HOST:PORT} repeatable. */
    record Options(int port, List<String> peers) {

        static Options parse(String[] args) {
            String value = System.getenv().getOrDefault("LONGCONN_BROKER_PORT", "61616");
            List<String> peers = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--port") && i + 1 < args.length) {
                    value = args[++i];
                } else if (args[i].startsWith("--port=")) {
                    value = args[i].substring("--port=".length());
                } else if (args[i].equals("--peer") && i + 1 < args.length) {
                    peers.add(peer(args[++i]));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "'; usage: [--port N] [--peer HOST:PORT ...]");
                }
            }
            return new Options(port(value), List.copyOf(peers));
        }

        private static String peer(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a peer is HOST:PORT, got '" + value + "'");
            }
            port(value.substring(colon + 1));
            return value;
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port > 0 && port < 65536) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("a port is 1-65535, got '" + value + "'");
        }
    }
}
