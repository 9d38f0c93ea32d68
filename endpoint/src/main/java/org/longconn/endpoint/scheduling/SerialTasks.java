package org.longconn.endpoint.scheduling;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in the order they were submitted, on a shared executor's threads (for
 * application observers that must see events in order without a thread of their own). Holds at
 * most {@code capacity} waiting tasks: beyond them a task is refused, and the caller says what is
 * lost.
 */
public final class SerialTasks {

    private static final Logger LOG = Logger.getLogger(SerialTasks.class.getName());

    /** Tasks run in one turn on the executor's thread before it is handed back. */
    private static final int TURN = 100;

    private final Executor executor;
    private final int capacity;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();

    public SerialTasks(Executor executor, int capacity) {
        this.executor = executor;
        this.capacity = capacity;
    }

    /**
     * Queues {@code task} without starting a run: the caller, typically under a lock of its own
     * that orders the tasks, calls {@link #runSoon()} once it released it (a run started under the
     * lock could run on the calling thread, if the executor does that, and so under that lock).
     *
     * @return whether the task was taken; {@code false} when {@code capacity} tasks are waiting
     */
    public boolean add(Runnable task) {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return false;
        }
        queue.add(task);
        return true;
    }

    /** Starts running the queued tasks, unless a run is under way. */
    public void runSoon() {
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    private void schedule() {
        if (running.compareAndSet(false, true)) {
            try {
                executor.execute(this::runAll);
            } catch (RejectedExecutionException e) {
                running.set(false);
                LOG.log(Level.FINE, "serial tasks dropped: the executor stopped", e);
            }
        }
    }

    private void runAll() {
        try {
            Runnable task;
            // A bounded turn: the executor's thread also serves others (closes, observers).
            for (int i = 0; i < TURN && (task = queue.poll()) != null; i++) {
                waiting.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a serial task failed", e);
                }
            }
        } finally {
            running.set(false);
        }
        // Tasks left (the turn ended, or one came after the last poll but before running was
        // cleared, which would otherwise wait for the next runSoon): another turn.
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
