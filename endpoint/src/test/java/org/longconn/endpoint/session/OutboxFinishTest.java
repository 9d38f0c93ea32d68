package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.OutboundFrame;

class OutboxFinishTest {

    private final RecordingListener listener = new RecordingListener();
    private final FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
    private final Outbox outbox = new Outbox(transport, 10, 1_000, listener, Runnable::run);

    @Test
    void finishSendsQueuedFramesThenTheLastAndReportsFinishedOnce() {
        outbox.offer(OutboundFrame.text("a"));
        outbox.offer(OutboundFrame.text("b"));

        assertTrue(outbox.finish(OutboundFrame.text("last"), false));
        assertEquals(Outbox.Offer.CLOSED, outbox.offer(OutboundFrame.text("too late")));

        transport.completeNext();
        assertEquals(List.of("a", "b", "last"), transport.texts());
        assertEquals(List.of(1, 2), transport.writes(), "b and the last frame waited together");
        assertEquals(0, listener.finished.get());
        assertFalse(outbox.lastWritten());

        transport.completeNext();
        assertEquals(1, listener.finished.get());
        assertTrue(outbox.lastWritten());
        assertTrue(listener.failures.isEmpty());
    }

    @Test
    void finishWithDropQueuedSkipsWhatIsWaiting() {
        outbox.offer(OutboundFrame.text("a"));
        outbox.offer(OutboundFrame.text("b"));
        outbox.offer(OutboundFrame.text("c"));

        outbox.finish(OutboundFrame.text("last"), true);
        assertEquals(1, outbox.queuedMessages());
        transport.completeNext();
        transport.completeNext();

        assertEquals(List.of("a", "last"), transport.texts());
        assertEquals(1, listener.finished.get());
    }

    @Test
    void finishOnAnIdleOutboxSendsTheLastFrameAtOnce() {
        FakeTransport inline = FakeTransport.inline();
        Outbox idle = new Outbox(inline, 10, 1_000, listener, Runnable::run);

        idle.finish(OutboundFrame.text("last"), false);

        assertEquals(List.of("last"), inline.texts());
        assertEquals(1, listener.finished.get());
    }

    @Test
    void secondFinishIsRefused() {
        assertTrue(outbox.finish(OutboundFrame.text("last"), false));
        assertFalse(outbox.finish(OutboundFrame.text("again"), false));

        transport.completeNext();

        assertEquals(List.of("last"), transport.texts());
        assertEquals(1, listener.finished.get());
    }

    @Test
    void failingSendReportsSendFailedAndDropsTheRest() {
        outbox.offer(OutboundFrame.text("a"));
        outbox.offer(OutboundFrame.text("b"));
        IOException failure = new IOException("broken pipe");

        transport.failNext(failure);

        assertEquals(List.of(failure), listener.failures);
        assertEquals(List.of("a"), transport.texts());
        assertEquals(0, outbox.queuedMessages());
        assertEquals(Outbox.Offer.CLOSED, outbox.offer(OutboundFrame.text("c")));
        assertEquals(0, listener.finished.get());
    }

    @Test
    void sendThatThrowsIsReportedAsAFailedSend() {
        FakeTransport throwing = new FakeTransport(FakeTransport.Mode.THROW);
        Outbox broken = new Outbox(throwing, 10, 1_000, listener, Runnable::run);

        assertEquals(Outbox.Offer.ACCEPTED, broken.offer(OutboundFrame.text("a")));

        assertEquals(1, listener.failures.size());
        assertInstanceOf(IllegalStateException.class, listener.failures.get(0));
        assertEquals(Outbox.Offer.CLOSED, broken.offer(OutboundFrame.text("b")));
    }

    @Test
    void failureOfTheLastFrameStillReportsFinished() {
        outbox.finish(OutboundFrame.text("last"), false);

        transport.failNext(new IOException("gone"));

        assertEquals(1, listener.finished.get());
        assertTrue(listener.failures.isEmpty());
    }

    @Test
    void closeDropsQueuedFramesAndRefusesMore() {
        outbox.offer(OutboundFrame.text("a"));
        outbox.offer(OutboundFrame.text("b"));

        outbox.close();
        transport.completeNext();

        assertEquals(List.of("a"), transport.texts());
        assertEquals(Outbox.Offer.CLOSED, outbox.offer(OutboundFrame.text("c")));
        assertFalse(outbox.finish(OutboundFrame.text("last"), false));
    }
}
