package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.OutboundFrame;

class OutboxOverflowTest {

    private final RecordingListener listener = new RecordingListener();
    private final FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);

    @Test
    void overflowByMessageCountDropsTheQueueAndClosesTheOutbox() {
        Outbox outbox = new Outbox(transport, 2, 1_000, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("in flight"));
        outbox.offer(OutboundFrame.text("q1"));
        outbox.offer(OutboundFrame.text("q2"));

        assertEquals(Outbox.Offer.OVERFLOW, outbox.offer(OutboundFrame.text("q3")));

        assertEquals(0, outbox.queuedMessages());
        assertEquals(0, outbox.queuedBytes());
        assertEquals(Outbox.Offer.CLOSED, outbox.offer(OutboundFrame.text("later")));
        transport.completeNext();
        assertEquals(List.of("in flight"), transport.texts());
        assertTrue(listener.failures.isEmpty());
    }

    @Test
    void overflowByBytesDropsTheQueueAndClosesTheOutbox() {
        Outbox outbox = new Outbox(transport, 100, 10, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("0123456789"));
        outbox.offer(OutboundFrame.text("abcd"));
        outbox.offer(OutboundFrame.text("efgh"));

        assertEquals(Outbox.Offer.OVERFLOW, outbox.offer(OutboundFrame.text("ijk")));

        assertEquals(0, outbox.queuedMessages());
        assertEquals(Outbox.Offer.CLOSED, outbox.offer(OutboundFrame.text("x")));
        transport.completeNext();
        assertEquals(List.of("0123456789"), transport.texts());
    }

    @Test
    void byteBoundCountsUtf8Bytes() {
        Outbox outbox = new Outbox(transport, 100, 5, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("x"));
        outbox.offer(OutboundFrame.text("éé"));

        assertEquals(4, outbox.queuedBytes());
        assertEquals(Outbox.Offer.OVERFLOW, outbox.offer(OutboundFrame.text("é")));
    }

    @Test
    void emptyQueueTakesOneFrameLargerThanTheByteBound() {
        Outbox outbox = new Outbox(transport, 100, 4, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("x"));

        assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("a large push")));
        assertEquals(Outbox.Offer.OVERFLOW, outbox.offer(OutboundFrame.text("y")));
    }

    @Test
    void frameFillingTheBoundsExactlyIsAccepted() {
        Outbox outbox = new Outbox(transport, 2, 2, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("x"));

        assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("a")));
        assertEquals(Outbox.Offer.ACCEPTED, outbox.offer(OutboundFrame.text("b")));
        assertEquals(2, outbox.queuedMessages());
        assertEquals(2, outbox.queuedBytes());
    }

    @Test
    void overflowedOutboxStillSendsItsLastFrame() {
        Outbox outbox = new Outbox(transport, 1, 1_000, listener, Runnable::run);
        outbox.offer(OutboundFrame.text("in flight"));
        outbox.offer(OutboundFrame.text("q1"));
        assertEquals(Outbox.Offer.OVERFLOW, outbox.offer(OutboundFrame.text("q2")));

        assertTrue(outbox.finish(OutboundFrame.text("goodbye"), true));
        transport.completeNext();
        transport.completeNext();

        assertEquals(List.of("in flight", "goodbye"), transport.texts());
        assertEquals(1, listener.finished.get());
    }
}
