package org.longconn.endpoint.scheduling;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Where the threads of the gateway's executors come from: inside an application server, the
 * container's default {@link ManagedThreadFactory} (Jakarta Concurrency), so that they are the
 * container's managed threads, carrying the application's context (class loader, naming) as its
 * own do; outside one (unit tests), plain threads.
 *
 * <p>Why a managed thread factory under executors of our own, and not the container's managed
 * executors: the timer cancels one call timeout per answered call and must drop it at once
 * (remove-on-cancel, which a managed scheduled executor does not offer: cancelled tasks would
 * pile up until their time), and closes, which may block on a socket, get threads of their own
 * so that they never hold up timers or another application's tasks.
 *
 * <p>A managed thread captures the context of the thread that makes it, so the executors make
 * all of theirs up front, on the application's thread that creates them.
 */
final class ContainerThreads {

    private static final Logger LOG = Logger.getLogger(ContainerThreads.class.getName());
    private static final String DEFAULT_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private ContainerThreads() {}

    /**
     * Makes a thread for a task and a name: a managed one when the container has a factory,
     * else {@code null} (the caller makes a plain one).
     */
    static BiFunction<Runnable, String, Thread> maker() {
        ManagedThreadFactory factory = lookup();
        if (factory == null) {
            LOG.fine("no ManagedThreadFactory at " + DEFAULT_FACTORY + ": the gateway's executors use plain threads");
            return (task, name) -> null;
        }
        LOG.fine(() -> "the gateway's executors use the container's managed threads (" + DEFAULT_FACTORY + ")");
        return (task, name) -> {
            Thread thread = factory.newThread(task);
            thread.setName(name);
            return thread;
        };
    }

    private static ManagedThreadFactory lookup() {
        try {
            return InitialContext.doLookup(DEFAULT_FACTORY);
        } catch (NamingException | RuntimeException e) {
            return null; // not in a container
        }
    }
}
