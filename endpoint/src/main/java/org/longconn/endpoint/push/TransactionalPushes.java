package org.longconn.endpoint.push;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.endpoint.metrics.GatewayMetrics;

/**
 * Holds the pushes made inside a JTA transaction until it ends: they are published when it
 * commits, in the order they were made, and never when it rolls back. A service that saves an
 * order and pushes "order.created" in one transaction so never announces an order that does not
 * exist.
 *
 * <p>The guarantee is "after commit, at most once": the pushes are handed to the bus right after
 * the commit, on the committing thread, without waiting for the broker. A node that dies between
 * the commit and the broker's confirmation loses them, and a bus that refuses them then cannot
 * undo the commit; such a push is logged as SEVERE with its opType and counted
 * ({@code longconn_pushes_lost_after_commit_total}). Exactly once with the database
 * takes an XA transaction that also sends to the push address, through Artemis's resource adapter
 * (docs/BUS.md, "From a transaction").
 */
@ApplicationScoped
public class TransactionalPushes {

    private static final Logger LOG = Logger.getLogger(TransactionalPushes.class.getName());

    /** The registry's resource key of this node's pushes held in the current transaction. */
    private static final Object HELD = TransactionalPushes.class.getName() + ".held";

    /** The container's registry; {@code null} outside a Jakarta EE container (no transactions). */
    @Resource
    private TransactionSynchronizationRegistry registry;

    @Inject
    private GatewayMetrics metrics;

    /** For CDI, which injects the registry and the metrics. */
    public TransactionalPushes() {}

    /** Pushes held in the transactions of {@code registry} ({@code null}: there are none). */
    TransactionalPushes(TransactionSynchronizationRegistry registry, GatewayMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Pushes made outside any transaction: published at once, always. */
    public static TransactionalPushes none() {
        return new TransactionalPushes(null, GatewayMetrics.off());
    }

    /**
     * Whether the calling thread is inside a transaction, whose commit a push waits for (one
     * already marked for rollback included: its pushes are discarded).
     */
    public boolean inTransaction() {
        try {
            if (registry == null) {
                return false;
            }
            int status = registry.getTransactionStatus();
            return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
        } catch (RuntimeException e) {
            // A registry that cannot answer here (no transaction context on this thread).
            return false;
        }
    }

    /**
     * Publishes {@code push} with {@code publish} once the current transaction commits (call only
     * when {@link #inTransaction()}).
     *
     * @return completes once the bus accepted the push after the commit; exceptionally with a
     *     {@link PushException} when the transaction rolled back (the push is discarded) or the bus
     *     refused it
     */
    public CompletionStage<Void> afterCommit(Push push, Function<Push, CompletionStage<Void>> publish) {
        if (registry.getTransactionStatus() == Status.STATUS_MARKED_ROLLBACK) {
            return CompletableFuture.failedFuture(new PushException(
                    "the transaction is marked for rollback: the push for '" + push.opType() + "' was discarded"));
        }
        Held held = (Held) registry.getResource(HELD);
        if (held == null) {
            held = new Held(metrics);
            registry.putResource(HELD, held);
            registry.registerInterposedSynchronization(held);
        }
        return held.add(push, publish);
    }

    /** One transaction's pushes, in the order they were made. */
    private static final class Held implements Synchronization {
        private record Pending(
                Push push, Function<Push, CompletionStage<Void>> publish, CompletableFuture<Void> done) {}

        private final List<Pending> pending = new ArrayList<>();
        private final GatewayMetrics metrics;

        Held(GatewayMetrics metrics) {
            this.metrics = metrics;
        }

        CompletionStage<Void> add(Push push, Function<Push, CompletionStage<Void>> publish) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(new Pending(push, publish, done));
            return done;
        }

        @Override
        public void beforeCompletion() {
            // Nothing to prepare: the pushes go out only once the outcome is known.
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                pending.forEach(this::publish);
            } else {
                for (Pending one : pending) {
                    one.done()
                            .completeExceptionally(new PushException("the transaction did not commit (status " + status
                                    + "): the push for '" + one.push().opType() + "' was discarded"));
                }
            }
        }

        private void publish(Pending one) {
            String opType = one.push().opType();
            try {
                one.publish().apply(one.push()).whenComplete((accepted, failure) -> {
                    if (failure == null) {
                        one.done().complete(null);
                    } else {
                        lost(opType, failure);
                        one.done().completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                lost(opType, e);
                one.done().completeExceptionally(e);
            }
        }

        private void lost(String opType, Throwable failure) {
            metrics.lostAfterCommit();
            LOG.log(
                    Level.SEVERE,
                    "a push for '" + opType + "' made in a committed transaction was not accepted by the bus;"
                            + " the transaction cannot be undone, so the push is lost",
                    failure);
        }
    }
}
