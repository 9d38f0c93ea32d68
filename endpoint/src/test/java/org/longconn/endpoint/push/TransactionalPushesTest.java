package org.longconn.endpoint.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushPayload;
import org.longconn.endpoint.metrics.GatewayMetrics;

class TransactionalPushesTest {

    private final FakeTransaction transaction = new FakeTransaction();
    private final GatewayMetrics metrics = GatewayMetrics.prometheus();
    private final TransactionalPushes pushes = new TransactionalPushes(transaction, metrics);
    private final List<String> published = new ArrayList<>();

    private CompletionStage<Void> publish(Push push) {
        published.add(push.opType());
        return CompletableFuture.completedFuture(null);
    }

    private static Push push(String opType) {
        return Push.of(opType, new PushPayload.Json("1"));
    }

    @Test
    void pushesWaitForTheCommitAndThenGoOutInTheirOrder() {
        assertTrue(pushes.inTransaction());
        CompletableFuture<Void> first =
                pushes.afterCommit(push("order.created"), this::publish).toCompletableFuture();
        CompletableFuture<Void> second =
                pushes.afterCommit(push("order.counted"), this::publish).toCompletableFuture();
        assertEquals(List.of(), published, "nothing before the commit");
        assertEquals(1, transaction.synchronizations.size(), "one synchronization per transaction");

        transaction.end(Status.STATUS_COMMITTED);
        assertEquals(List.of("order.created", "order.counted"), published);
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
    }

    @Test
    void aRollbackDiscardsThemAndSaysSo() {
        CompletableFuture<Void> held =
                pushes.afterCommit(push("order.created"), this::publish).toCompletableFuture();
        transaction.end(Status.STATUS_ROLLEDBACK);
        assertEquals(List.of(), published);
        CompletionException failure = assertThrows(CompletionException.class, held::join);
        assertInstanceOf(PushException.class, failure.getCause());
        assertTrue(
                failure.getCause().getMessage().contains("discarded"),
                failure.getCause().getMessage());
    }

    @Test
    void aBusRefusalAfterTheCommitFailsThatPushAlone() {
        CompletableFuture<Void> refused = pushes.afterCommit(
                        push("a"), p -> CompletableFuture.failedFuture(new PushException("broker away")))
                .toCompletableFuture();
        CompletableFuture<Void> next =
                pushes.afterCommit(push("b"), this::publish).toCompletableFuture();
        transaction.end(Status.STATUS_COMMITTED);
        assertTrue(refused.isCompletedExceptionally());
        assertEquals(List.of("b"), published, "the next push still goes out");
        assertFalse(next.isCompletedExceptionally());
        assertTrue(
                metrics.scrape().contains("longconn_pushes_lost_after_commit_total 1.0"), "the lost push is counted");
    }

    @Test
    void aTransactionMarkedForRollbackDiscardsAtOnce() {
        transaction.setRollbackOnly();
        assertTrue(pushes.inTransaction(), "it is still a transaction: nothing goes out at once");
        CompletableFuture<Void> held =
                pushes.afterCommit(push("order.created"), this::publish).toCompletableFuture();
        assertTrue(held.isCompletedExceptionally());
        transaction.end(Status.STATUS_ROLLEDBACK);
        assertEquals(List.of(), published);
    }

    @Test
    void withoutATransactionOrRegistryNothingIsHeld() {
        transaction.status = Status.STATUS_NO_TRANSACTION;
        assertFalse(pushes.inTransaction());
        assertFalse(TransactionalPushes.none().inTransaction());
    }

    /** One transaction's registry: its status, resources and interposed synchronizations. */
    private static final class FakeTransaction implements TransactionSynchronizationRegistry {
        int status = Status.STATUS_ACTIVE;
        final Map<Object, Object> resources = new HashMap<>();
        final List<Synchronization> synchronizations = new ArrayList<>();

        void end(int outcome) {
            synchronizations.forEach(Synchronization::beforeCompletion);
            status = outcome;
            synchronizations.forEach(s -> s.afterCompletion(outcome));
        }

        @Override
        public Object getTransactionKey() {
            return this;
        }

        @Override
        public void putResource(Object key, Object value) {
            resources.put(key, value);
        }

        @Override
        public Object getResource(Object key) {
            return resources.get(key);
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return status;
        }

        @Override
        public void setRollbackOnly() {
            status = Status.STATUS_MARKED_ROLLBACK;
        }

        @Override
        public boolean getRollbackOnly() {
            return status == Status.STATUS_MARKED_ROLLBACK;
        }
    }
}
