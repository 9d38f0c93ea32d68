package org.longconn.standalone;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.longconn.api.bus.BusFormat;

/**
 * Runs an embedded Artemis broker on {@code 127.0.0.1} until the process is stopped.
 *
 * <pre>
 * java -jar standalone/target/longconn-broker.jar [--port 61616]
 * </pre>
 *
 * One acceptor speaks CORE (the JMS client), STOMP and AMQP. Nothing is persisted and security is
 * off: it is for development and tests on one machine, bound to loopback only. Production uses a
 * real Artemis broker or cluster (see docs/BUS.md).
 */
public final class BrokerMain {

    private static final Logger LOG = Logger.getLogger(BrokerMain.class.getName());

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        int port = port(args);
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

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        System.out.println("longconn broker listening on tcp://127.0.0.1:" + port + " (JMS/CORE, STOMP, AMQP)");

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

    private static int port(String[] args) {
        String value = System.getenv().getOrDefault("LONGCONN_BROKER_PORT", "61616");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith("--port=")) {
                value = args[i].substring("--port=".length());
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: [--port N]");
            }
        }
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("broker port must be 1-65535, got '" + value + "'");
    }
}
