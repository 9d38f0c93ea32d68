package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.OutboundFrame;

class OutboxSendingTest {

    private final RecordingListener listener = new RecordingListener();

    @Test
    void secondOfferWaitsUntilTheFirstSendCompletes() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 10, 1_000, listener);

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
        Outbox outbox = new Outbox(transport, 100, 10_000, listener);
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offered.add("f" + i);
            outbox.offer(OutboundFrame.text("f" + i));
        }

        for (int i = 0; i < 20; i++) {
            transport.completeNext();
        }

        assertEquals(offered, transport.texts());
        assertEquals(1, transport.maxInFlight());
        assertEquals(0, transport.heldSends());
    }

    @Test
    void binaryFramesGoThroughTheSameQueue() {
        FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
        Outbox outbox = new Outbox(transport, 10, 1_000, listener);

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
        Outbox outbox = new Outbox(transport, count + 1, Long.MAX_VALUE, listener);
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
        Outbox outbox = new Outbox(transport, 1, 1, listener);

        for (int i = 0; i < 1_000; i++) {
            assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("x")));
        }

        assertEquals(1_000, transport.texts().size());
    }
}
