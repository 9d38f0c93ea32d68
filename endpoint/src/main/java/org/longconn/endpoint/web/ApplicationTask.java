package org.longconn.endpoint.web;

/**
 * A task for the container's asynchronous-request threads ({@code AsyncContext.start}) that runs
 * with the application's class loader as its context class loader. GlassFish's async threads are
 * shared by every application of the server and keep the loader of whichever made them; CDI
 * finds the application's beans through that loader, so without this a task touching a bean
 * would fail (WELD-000229) as soon as another application, or an earlier deployment of this one,
 * had made the thread.
 */
final class ApplicationTask implements Runnable {

    private final ClassLoader application;
    private final Runnable task;

    private ApplicationTask(ClassLoader application, Runnable task) {
        this.application = application;
        this.task = task;
    }

    /** {@code task}, to run with {@code application} as the context class loader. */
    static Runnable of(ClassLoader application, Runnable task) {
        return new ApplicationTask(application, task);
    }

    /** The application's loader: call on one of its threads (a request thread). */
    static ClassLoader current() {
        return Thread.currentThread().getContextClassLoader();
    }

    @Override
    public void run() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(application);
        try {
            task.run();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
