package org.longconn.appserver;

import java.util.List;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;
import org.jboss.arquillian.test.spi.event.suite.BeforeSuite;
import org.longconn.standalone.LoopbackBroker;

/**
 * The one Artemis broker both servers use, in the test JVM on {@code longconn.it.brokerPort}.
 * It starts before Arquillian starts the servers (higher precedence on {@link BeforeSuite}), so
 * deployments find it, and stops after the servers stopped, so no node is left reconnecting.
 */
public class SuiteBroker {

    private static volatile LoopbackBroker broker;

    public void start(@Observes(precedence = 100) BeforeSuite event) throws Exception {
        broker = LoopbackBroker.start(Integer.getInteger("longconn.it.brokerPort"), List.of());
    }

    public void stop(@Observes(precedence = -100) AfterSuite event) throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker; only between the suite's start and end. */
    static LoopbackBroker get() {
        LoopbackBroker current = broker;
        if (current == null) {
            throw new IllegalStateException("the suite's broker runs only while the Arquillian suite does");
        }
        return current;
    }
}
