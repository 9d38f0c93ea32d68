package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.OutboundFrame;

class OutboxSendingTest {

    private final RecordingListener listener = new RecordingListener();

    @Test
    void secondOfferWaitsUntilTheFirstSendCompletes() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 10, 1_000, listener, Runnable::run);

        assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("a")));
        assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("b")));

        assertEquals(List.of("a"), transport.texts());
        assertEquals(1, outbox.queuedMessages());
        assertEquals(1, outbox.queuedBytes());

        transport.completeNext();

        assertEquals(List.of("a", "b"), transport.texts());
        assertEquals(0, outbox.queuedMessages());
        assertEquals(1, transport.maxInFlight());
    }

    @Test
    void framesAreSentInTheOrderOffered() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 100, 10_000, listener, Runnable::run);
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offered.add("f" + i);
            outbox.offer(OutboundFrame.text("f" + i));
        }

        while (transport.heldSends() > 0) {
            transport.completeNext();
        }

        assertEquals(offered, transport.texts());
        assertEquals(1, transport.maxInFlight());
        assertEquals(List.of(1, 19), transport.writes(), "what waited together goes out in one write");
    }

    @Test
    void aGatheringWriteStopsAtItsFrameAndByteBounds() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 1_000, 10_000_000, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("first"));
        for (int i = 0; i < Outbox.MAX_BATCH + 5; i++) {
            outbox.offer(OutboundFrame.text("small" + i));
        }
        String big = "x".repeat(Outbox.MAX_BATCH_BYTES);
        outbox.offer(OutboundFrame.text(big));
        outbox.offer(OutboundFrame.text("after"));

        while (transport.heldSends() > 0) {
            transport.completeNext();
        }

        assertEquals(List.of(1, Outbox.MAX_BATCH, 5, 1, 1), transport.writes());
        assertEquals(Outbox.MAX_BATCH + 8, transport.texts().size());
    }

    @Test
    void enqueueLeavesTheWriteToTheCallerThatBecameTheWriter() {
        FakeTransport transport = FakeTransport.inline();
        Outbox outbox = new Outbox(transport, 10, 1_000, listener, Runnable::run);

        assertEquals(Outbox.Offer.DRAIN, outbox.enqueue(OutboundFrame.text("a")));
        assertEquals(Outbox.Offer.ACCEPTED, outbox.enqueue(OutboundFrame.text("b")), "one writer at a time");
        assertTrue(transport.texts().isEmpty(), "nothing is written under the caller's lock");

        outbox.drain();
        assertEquals(List.of("a", "b"), transport.texts());
        assertEquals(List.of(2), transport.writes());
    }

    @Test
    void aWriteCompletedOnAnotherThreadHandsTheNextWriteOff() throws Exception {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        List<Runnable> handedOff = new ArrayList<>();
        Outbox outbox = new Outbox(transport, 10, 1_000, listener, handedOff::add);
        outbox.offer(OutboundFrame.text("a"));
        outbox.offer(OutboundFrame.text("b"));

        Thread container = new Thread(transport::completeNext);
        container.start();
        container.join(10_000);

        assertEquals(List.of("a"), transport.texts(), "the container's thread starts no write");
        assertEquals(1, handedOff.size());
        handedOff.get(0).run();
        assertEquals(List.of("a", "b"), transport.texts());
    }

    @Test
    void theStartOfAWriteInFlightIsKnown() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 10, 1_000, listener, Runnable::run);
        long before = System.nanoTime();
        assertFalse(outbox.writeStartedBefore(System.nanoTime()), "no write in flight");

        outbox.offer(OutboundFrame.text("a"));
        long after = System.nanoTime() + 1;

        assertFalse(outbox.writeStartedBefore(before));
        assertTrue(outbox.writeStartedBefore(after));
        transport.completeNext();
        assertFalse(outbox.writeStartedBefore(after), "completed");
    }

    @Test
    void binaryFramesGoThroughTheSameQueue() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 10, 1_000, listener, Runnable::run);

        outbox.offer(OutboundFrame.text("t"));
        outbox.offer(OutboundFrame.binary(new byte[] {9, 8}));
        transport.completeNext();

        assertEquals(2, transport.frames().size());
        assertEquals("t", transport.frames().get(0));
        assertArrayEquals(new byte[] {9, 8}, (byte[]) transport.frames().get(1));
    }

    @Test
    void inlineCompletionsDrainALongQueueWithoutDeepRecursion() {
        int count = 100_000;
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, count + 1, Long.MAX_VALUE, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("first"));
        for (int i = 0; i < count; i++) {
            outbox.offer(OutboundFrame.text(Integer.toString(i)));
        }
        assertEquals(count, outbox.queuedMessages());

        transport.mode(FakeTransport.Mode.COMPLETE_INLINE);
        assertDoesNotThrow(transport::completeNext);

        List<String> texts = transport.texts();
        assertEquals(count + 1, texts.size());
        assertEquals("first", texts.get(0));
        assertEquals("0", texts.get(1));
        assertEquals(Integer.toString(count - 1), texts.get(count));
        assertEquals(0, outbox.queuedMessages());
        assertEquals(0, listener.failures.size());
    }

    @Test
    void inlineTransportSendsEachOfferAtOnce() {
        FakeTransport transport = FakeTransport.inline();
        Outbox outbox = new Outbox(transport, 1, 1, listener, Runnable::run);

        for (int i = 0; i < 1_000; i++) {
            assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("x")));
        }

        assertEquals(1_000, transport.texts().size());
    }
}
