package org.longconn.endpoint.scheduling;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.bus.DaemonThreads;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.session.GatewaySession;

/**
 * Timers, closes and handed-off writes of this node, on threads owned by the deployment and
 * stopped on undeploy: one timer thread (call timeouts, idle checks, close grace periods) and two
 * closer threads, managed threads of the container where there is one ({@link ContainerThreads}),
 * and one writer thread, a worker thread of the container's network layer so that writes use its
 * pooled buffers ({@link PooledWriterThreads}). Closing a socket can block on a full send buffer,
 * which is why closes never run on inbound or fan-out threads.
 */
@ApplicationScoped
public class GatewayScheduler implements GatewaySession.Closer {

    private static final Logger LOG = Logger.getLogger(GatewayScheduler.class.getName());

    private GatewayConfig config;
    private ScheduledExecutorService executor;
    private ExecutorService closes;
    private ExecutorService writes;

    /** For CDI proxies only. */
    protected GatewayScheduler() {}

    @Inject
    public GatewayScheduler(GatewayConfig config) {
        this.config = config;
        // Tasks fire CDI events; the container finds the application's observers through the
        // context class loader, so our threads carry the application's, not their creator's.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        BiFunction<Runnable, String, Thread> managed = ContainerThreads.maker();
        ScheduledThreadPoolExecutor pool =
                new ScheduledThreadPoolExecutor(1, new DaemonThreads("longconn-timer", application, managed));
        pool.setRemoveOnCancelPolicy(true);
        // Made now, on the application's thread: a managed thread takes the context of its maker.
        pool.prestartAllCoreThreads();
        this.executor = pool;
        // Closes may block on a socket and run SessionClosed observers (application code): they get
        // threads of their own so that call timeouts and idle checks are never held up by them.
        ThreadPoolExecutor closers = (ThreadPoolExecutor)
                Executors.newFixedThreadPool(2, new DaemonThreads("longconn-closer", application, managed));
        closers.prestartAllCoreThreads();
        this.closes = closers;
        // Writes that a container thread completed later go on from here (see Outbox): they only
        // start asynchronous writes, so one thread serves every session.
        this.writes = Executors.newSingleThreadExecutor(new DaemonThreads(
                "longconn-writer",
                application,
                (task, threadName) -> PooledWriterThreads.newThread(task, threadName, application)));
    }

    /**
     * Runs {@code task} after {@code delayMs}; exceptions are logged, never lost. While the node
     * shuts down, the task is dropped and a cancelled future returned.
     */
    public Future<?> schedule(Runnable task, long delayMs) {
        try {
            return executor.schedule(logged(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            CompletableFuture<Void> dropped = new CompletableFuture<>();
            dropped.cancel(false);
            return dropped;
        }
    }

    /** Runs {@code task} every {@code periodMs}. */
    public ScheduledFuture<?> every(Runnable task, long periodMs) {
        return executor.scheduleWithFixedDelay(logged(task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task}, which calls application code (CDI observers), on the closer threads rather
     * than on the timer or a broker thread: slow observers then hold up neither timeouts nor the
     * control channel. While the node shuts down it runs on the calling thread.
     */
    public void application(Runnable task) {
        try {
            closes.execute(logged(task));
        } catch (RejectedExecutionException e) {
            logged(task).run();
        }
    }

    @Override
    public void closeSoon(Runnable close) {
        try {
            closes.execute(logged(close));
        } catch (RejectedExecutionException e) {
            // Shutting down: close on this thread rather than leave the socket open.
            logged(close).run();
        }
    }

    /**
     * {@link #handOff} as an executor bound to this scheduler itself, without the container's
     * client proxy: the fan-out hands off once per push, and a CDI client proxy allocates an
     * interception context on every call.
     */
    public Executor writer() {
        return this::handOff;
    }

    @Override
    public void handOff(Runnable drain) {
        writes.execute(logged(drain));
    }

    @Override
    public void closeLater(Runnable close) {
        schedule(() -> closeSoon(close), config.closeGraceMs());
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
        closes.shutdown();
        writes.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            closes.awaitTermination(5, TimeUnit.SECONDS);
            writes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // A future nobody reads would swallow it: log it here.
                LOG.log(Level.SEVERE, "scheduled task failed", e);
                if (e instanceof Error error) {
                    throw error;
                }
            }
        };
    }
}
