package org.longconn.bridge;

/**
 * Makes the bridge's own threads: daemons (a forgotten bridge never holds the JVM up), named for
 * thread dumps, and with the class loader of the application that made the bridge, so that code
 * they run (JMS, JSON-P lookups) finds the application's classes, as on the application's threads.
 */
final class BridgeThreads {

    private final ClassLoader application;

    /** Captures the calling thread's context class loader. */
    BridgeThreads() {
        this.application = Thread.currentThread().getContextClassLoader();
    }

    Thread newThread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(application);
        return thread;
    }
}
