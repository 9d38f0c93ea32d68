package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.OutboundFrame;

class OutboxConcurrencyTest {

    private static final int PRODUCERS = 4;
    private static final int FRAMES_EACH = 2_000;

    /** Completes every write on its own thread, as a container does, and notes overlapping writes. */
    private static final class AsyncTransport implements Transport {
        final ExecutorService writer = Executors.newSingleThreadExecutor();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Queue<String> written = new ConcurrentLinkedQueue<>();
        final CountDownLatch allWritten = new CountDownLatch(PRODUCERS * FRAMES_EACH);

        @Override
        public void send(OutboundFrame[] frames, int count, SendCallback callback) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            List<OutboundFrame> batch = List.copyOf(Arrays.asList(frames).subList(0, count));
            writer.execute(() -> {
                for (OutboundFrame frame : batch) {
                    written.add(frame.text());
                    allWritten.countDown();
                }
                inFlight.decrementAndGet();
                callback.completed(null);
            });
        }

        @Override
        public void abort() {}

        @Override
        public void close(int code, String reason) {}
    }

    @Test
    void concurrentOffersNeverOverlapWritesAndKeepEachProducersOrder() throws InterruptedException {
        AsyncTransport transport = new AsyncTransport();
        Outbox outbox =
                new Outbox(transport, Integer.MAX_VALUE, Long.MAX_VALUE, new RecordingListener(), Runnable::run);
        CountDownLatch start = new CountDownLatch(1);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < FRAMES_EACH; i++) {
                        if (outbox.offer(OutboundFrame.text(producer + ":" + i)) != Outbox.Offer.ACCEPTED) {
                            throw new AssertionError("offer refused");
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        try {
            producers.forEach(Thread::start);
            start.countDown();
            for (Thread producer : producers) {
                producer.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(producer.isAlive());
            }
            assertTrue(transport.allWritten.await(30, TimeUnit.SECONDS), "not every frame was written");
        } finally {
            transport.writer.shutdownNow();
        }

        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(1, transport.maxInFlight.get());
        Map<Integer, Integer> nextOf = new HashMap<>();
        for (String text : transport.written) {
            int producer = Integer.parseInt(text.substring(0, text.indexOf(':')));
            int index = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            assertEquals(nextOf.getOrDefault(producer, 0), index, "order of producer " + producer);
            nextOf.put(producer, index + 1);
        }
        assertEquals(PRODUCERS * FRAMES_EACH, transport.written.size());
    }
}
