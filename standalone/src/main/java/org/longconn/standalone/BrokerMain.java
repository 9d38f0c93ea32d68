package org.longconn.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Runs an embedded Artemis broker on {@code 127.0.0.1} until the process is stopped.
 *
 * <pre>
 * java -jar standalone/target/longconn-broker.jar [--port 61616] [--peer 127.0.0.1:61617 ...]
 * </pre>
 *
 * The broker is a {@link LoopbackBroker}; with {@code --peer}, it forms a cluster with the
 * brokers named.
 */
public final class BrokerMain {

    private static final Logger LOG = Logger.getLogger(BrokerMain.class.getName());

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoopbackBroker broker = LoopbackBroker.start(options.port(), options.peers(), options.dataDir());
        System.out.println("longconn broker listening on " + broker.url() + " (JMS/CORE, STOMP, AMQP)"
                + (options.peers().isEmpty() ? "" : ", clustered with " + options.peers())
                + (options.dataDir() == null
                        ? ", keeping nothing across a restart"
                        : ", journal in " + options.dataDir()));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                broker.close();
                            } catch (Exception e) {
                                LOG.warning("broker stop failed: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "longconn-broker-stop"));
        stopped.await();
    }

    /**
     * Command-line options: {@code --port N} (or LONGCONN_BROKER_PORT), {@code --peer HOST:PORT}
     * repeatable, {@code --data-dir DIR} for a journal that survives restarts.
     */
    record Options(int port, List<String> peers, Path dataDir) {

        static Options parse(String[] args) {
            String value = System.getenv().getOrDefault("LONGCONN_BROKER_PORT", "61616");
            List<String> peers = new ArrayList<>();
            Path dataDir = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--port") && i + 1 < args.length) {
                    value = args[++i];
                } else if (args[i].startsWith("--port=")) {
                    value = args[i].substring("--port=".length());
                } else if (args[i].equals("--peer") && i + 1 < args.length) {
                    peers.add(peer(args[++i]));
                } else if (args[i].equals("--data-dir") && i + 1 < args.length) {
                    dataDir = Path.of(args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "'; usage: [--port N] [--peer HOST:PORT ...] [--data-dir DIR]");
                }
            }
            return new Options(port(value), List.copyOf(peers), dataDir);
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
