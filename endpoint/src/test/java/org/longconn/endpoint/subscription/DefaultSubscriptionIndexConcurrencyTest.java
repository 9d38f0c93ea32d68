package org.longconn.endpoint.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DefaultSubscriptionIndexConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int SESSIONS_PER_WRITER = 300;

    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();

    /** Session i of writer w: kept whole when i % 3 == 2, loses its feed subscriptions when 1, closed when 0. */
    private static String session(int writer, int i) {
        return "w" + writer + "-s" + i;
    }

    private void churn(int writer) {
        for (int i = 0; i < SESSIONS_PER_WRITER; i++) {
            String id = session(writer, i);
            index.register(id, "feed.x");
            index.register(id, "feed.*");
            index.register(id, "other." + i);
            switch (i % 3) {
                case 0 -> index.unregisterAll(id);
                case 1 -> {
                    index.unregister(id, "feed.x");
                    index.unregister(id, "feed.*");
                }
                default -> {}
            }
        }
    }

    @Test
    void concurrentRegistrationsOfDifferentSessionsLeaveAConsistentIndex() throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writersDone = new AtomicBoolean();
        AtomicInteger finds = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(new Thread(
                    () -> {
                        try {
                            start.await();
                            churn(writer);
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    },
                    "writer-" + w));
        }
        Thread reader = new Thread(
                () -> {
                    try {
                        start.await();
                        while (!writersDone.get()) {
                            for (String id : index.find("feed.x")) {
                                if (!id.startsWith("w")) {
                                    throw new AssertionError("unexpected session id " + id);
                                }
                            }
                            finds.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                },
                "reader");

        writers.forEach(Thread::start);
        reader.start();
        start.countDown();
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(writer.isAlive(), writer.getName() + " did not finish");
        }
        writersDone.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(reader.isAlive(), "reader did not finish");

        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertTrue(finds.get() > 0);

        Set<String> kept = new HashSet<>();
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < SESSIONS_PER_WRITER; i++) {
                String id = session(w, i);
                int expectedCount = switch (i % 3) {
                    case 0 -> 0;
                    case 1 -> 1;
                    default -> 3;
                };
                assertEquals(expectedCount, index.subscriptionCount(id), id);
                if (i % 3 == 2) {
                    kept.add(id);
                }
            }
        }
        assertEquals(kept, Set.copyOf(index.find("feed.x")));
        assertEquals(kept, Set.copyOf(index.find("feed.y")));

        Set<String> other7 = new HashSet<>();
        for (int w = 0; w < WRITERS; w++) {
            other7.add(session(w, 7)); // 7 % 3 == 1: lost only its feed subscriptions
        }
        assertEquals(other7, Set.copyOf(index.find("other.7")));
        assertTrue(index.find("other.6").isEmpty()); // 6 % 3 == 0: closed
    }
}
