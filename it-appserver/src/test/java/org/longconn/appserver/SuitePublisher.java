package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.client.LongConnClient;
import org.longconn.client.ReceivedPush;

/** An outside service publishing pushes on a broker over JMS, as docs/BUS.md describes. */
final class SuitePublisher implements AutoCloseable {

    /** How long a freshly deployed gateway may take to subscribe on the broker. */
    private static final Duration READY = Duration.ofSeconds(90);

    private final PushPublisher publisher;

    /** A publisher on the Arquillian suite's broker. */
    SuitePublisher() {
        this(SuiteBroker.get().url());
    }

    SuitePublisher(String brokerUrl) {
        publisher = new PushPublisher(new ActiveMQConnectionFactory(brokerUrl));
    }

    void publish(String opType, String json) {
        publisher.publish(Push.of(opType, new PushPayload.Json(json)));
    }

    /**
     * Returns once pushes published here reach {@code client}: the gateway it is connected to
     * subscribes on the broker as it starts, shortly after its deployment completed. Publishes a
     * probe every half second until one arrives.
     */
    void awaitReaching(LongConnClient client, String probeOpType) throws InterruptedException {
        BlockingQueue<ReceivedPush> probes = new LinkedBlockingQueue<>();
        client.registerListener(probeOpType, probes::add).join();
        long deadline = System.nanoTime() + READY.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                publish(probeOpType, "0");
                if (probes.poll(500, TimeUnit.MILLISECONDS) != null) {
                    return;
                }
            }
            fail("no push reached " + client.node() + " within " + READY);
        } finally {
            client.removeListeners(probeOpType);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
