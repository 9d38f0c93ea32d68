package org.longconn.endpoint.lifecycle;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.session.GatewaySession;

/**
 * Timers and closes of this node, on two daemon threads owned by the deployment and stopped on
 * undeploy. Closing a socket can block on a full send buffer, which is why closes never run on
 * inbound or fan-out threads.
 */
@ApplicationScoped
public class GatewayScheduler implements GatewaySession.Closer {

    private static final Logger LOG = Logger.getLogger(GatewayScheduler.class.getName());

    private GatewayConfig config;
    private ScheduledExecutorService executor;

    /** For CDI proxies only. */
    protected GatewayScheduler() {}

    @Inject
    public GatewayScheduler(GatewayConfig config) {
        this.config = config;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "longconn-scheduler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, threads);
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** Runs {@code task} after {@code delayMs}; exceptions are logged, never lost. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return executor.schedule(logged(task), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code periodMs}. */
    public ScheduledFuture<?> every(Runnable task, long periodMs) {
        return executor.scheduleWithFixedDelay(logged(task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void closeSoon(Runnable close) {
        executor.execute(logged(close));
    }

    @Override
    public void closeLater(Runnable close) {
        schedule(close, config.closeGraceMs());
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scheduled task failed", e);
            }
        };
    }
}
