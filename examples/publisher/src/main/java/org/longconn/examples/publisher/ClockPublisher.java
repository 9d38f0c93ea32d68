package org.longconn.examples.publisher;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Logger;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushPayload;

/** Publishes {@code clock.tick} with a counter every second, from an EJB timer. */
@Singleton
@DependsOn("ArtemisClientThreads")
@Startup
public class ClockPublisher {

    private static final Logger LOG = Logger.getLogger(ClockPublisher.class.getName());

    private PushPublisher publisher;
    private long ticks;

    @PostConstruct
    void connect() {
        publisher = new PushPublisher(Broker.connectionFactory(), "longconn.push", "example-publisher");
    }

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void tick() {
        try {
            publisher.publish(Push.of("clock.tick", new PushPayload.Json("{\"tick\":" + ++ticks + "}")));
        } catch (PushException e) {
            LOG.warning("tick " + ticks + " not published: " + e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        publisher.close();
    }
}
