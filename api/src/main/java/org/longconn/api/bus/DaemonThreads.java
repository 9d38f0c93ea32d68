package org.longconn.api.bus;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Makes the threads of longconn's own executors (the gateway's timers and writer, the bridge's
 * sequencer and reconnector, the Java client's timer): daemons, so that a forgotten component
 * never holds the JVM up; named for thread dumps ({@code name-1}, {@code name-2}, ...); and
 * carrying one class loader, by default that of the application that made the factory, so that
 * what they run (CDI events, JMS and JSON lookups) finds the application's classes as on its own
 * threads.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String name;
    private final ClassLoader loader;
    private final BiFunction<Runnable, String, Thread> maker;
    private final AtomicInteger count = new AtomicInteger();

    /** Threads named {@code name-N} with the calling thread's context class loader. */
    public DaemonThreads(String name) {
        this(name, Thread.currentThread().getContextClassLoader(), Thread::new);
    }

    /**
     * @param loader the context class loader of every thread
     * @param maker makes the thread for a task and a name (a container's own thread class, where
     *     it has one that brings something along); it may return {@code null} to have a plain one
     */
    public DaemonThreads(String name, ClassLoader loader, BiFunction<Runnable, String, Thread> maker) {
        this.name = Objects.requireNonNull(name, "name");
        this.loader = loader;
        this.maker = Objects.requireNonNull(maker, "maker");
    }

    /** A thread named {@code name-N}, N counting from 1. */
    @Override
    public Thread newThread(Runnable task) {
        return newThread(task, name + "-" + count.incrementAndGet());
    }

    /** A thread with exactly {@code threadName}, for a component that runs one. */
    public Thread newThread(Runnable task, String threadName) {
        Thread made = maker.apply(task, threadName);
        Thread thread = made != null ? made : new Thread(task, threadName);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }
}
