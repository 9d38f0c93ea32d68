package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.protocol.OutboundFrame;

class GatewaySessionTest {

    private final FakeTransport transport = new FakeTransport(FakeTransport.Mode.COMPLETE_LATER);
    private final ManualCloser closer = new ManualCloser();
    private final List<FakeTransport.Close> terminations = new CopyOnWriteArrayList<>();

    private GatewaySession session(int maxMessages) {
        return new GatewaySession(
                "s1",
                "alice",
                transport,
                new GatewaySession.OutboxLimits(maxMessages, 1_000_000),
                new InboundLimiter(10, 10, 0),
                new MessageAssembler(1024),
                closer,
                (session, code, reason) -> terminations.add(new FakeTransport.Close(code, reason)),
                0);
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void overflowSendsSlowConsumerDisconnectInsteadOfTheQueueThenCloses() {
        GatewaySession session = session(2);
        assertTrue(session.send(OutboundFrame.text("in flight")));
        assertTrue(session.send(OutboundFrame.text("q1")));
        assertTrue(session.send(OutboundFrame.text("q2")));

        assertFalse(session.send(OutboundFrame.text("q3")));

        assertTrue(session.isClosing());
        assertEquals(CloseCodes.SLOW_CONSUMER, session.serverDisconnect().code());
        assertFalse(session.send(OutboundFrame.text("after")));
        assertEquals(1, closer.laterCount());

        transport.completeNext();
        List<String> texts = transport.texts();
        assertEquals(2, texts.size());
        JsonObject goodbye = parse(texts.get(1));
        assertEquals("disconnect", goodbye.getString("type"));
        assertEquals(CloseCodes.SLOW_CONSUMER, goodbye.getInt("code"));
        assertTrue(goodbye.getBoolean("reconnect"));
        assertTrue(transport.closes().isEmpty());

        transport.completeNext();
        assertEquals(1, closer.soonCount());
        closer.runSoon();
        FakeTransport.Close expected = new FakeTransport.Close(CloseCodes.SLOW_CONSUMER, goodbye.getString("reason"));
        assertEquals(List.of(expected), transport.closes());
        assertEquals(List.of(expected), terminations);

        closer.runLater();
        closer.runSoon();
        assertEquals(1, transport.closes().size());
        assertEquals(1, terminations.size());
    }

    @Test
    void disconnectSendsQueuedFramesThenDisconnectFrameThenClosesWithItsCode() {
        GatewaySession session = session(10);
        session.send(OutboundFrame.text("a"));
        session.send(OutboundFrame.text("b"));

        assertTrue(session.disconnect(Disconnect.stop(4600, "banned")));

        transport.completeNext();
        List<String> texts = transport.texts();
        assertEquals(List.of("a", "b"), texts.subList(0, 2));
        JsonObject goodbye = parse(texts.get(2));
        assertEquals("disconnect", goodbye.getString("type"));
        assertEquals(4600, goodbye.getInt("code"));
        assertEquals("banned", goodbye.getString("reason"));
        assertFalse(goodbye.getBoolean("reconnect"));
        assertTrue(transport.closes().isEmpty());

        transport.completeNext();
        closer.runSoon();

        assertEquals(List.of(new FakeTransport.Close(4600, "banned")), transport.closes());
        assertEquals(List.of(new FakeTransport.Close(4600, "banned")), terminations);
    }

    @Test
    void secondDisconnectIsRefusedAndSendsNothingMore() {
        GatewaySession session = session(10);

        assertTrue(session.disconnect(Disconnect.reconnect(4000, "first")));
        assertFalse(session.disconnect(Disconnect.stop(4500, "second")));
        assertFalse(session.send(OutboundFrame.text("after")));

        transport.completeNext();
        closer.runSoon();
        assertEquals(1, transport.texts().size());
        assertEquals(List.of(new FakeTransport.Close(4000, "first")), transport.closes());
        assertEquals(4000, session.serverDisconnect().code());
    }

    @Test
    void dropsTheConnectionAfterTheGracePeriodWhenTheLastFrameIsNeverWritten() {
        GatewaySession session = session(10);
        session.disconnect(Disconnect.reconnect(4003, "shutdown"));
        assertTrue(transport.closes().isEmpty());

        closer.runLater();
        closer.runSoon();

        assertTrue(transport.closes().isEmpty(), "a close frame would wait behind what the peer does not read");
        assertEquals(1, transport.aborts());
        assertEquals(List.of(new FakeTransport.Close(4003, "shutdown")), terminations);
    }

    @Test
    void aCloseIsBoundedByADropAfterTheGracePeriod() {
        GatewaySession session = session(10);
        session.disconnect(Disconnect.reconnect(4003, "shutdown"));
        transport.completeNext();
        closer.runSoon();
        assertEquals(List.of(new FakeTransport.Close(4003, "shutdown")), transport.closes());
        assertEquals(0, transport.aborts());

        closer.runLater();
        closer.runSoon();

        assertEquals(1, transport.aborts(), "dropped in case the peer never took the close frame");
        assertEquals(1, terminations.size());
    }

    @Test
    void aWriteInFlightPastTheSendTimeLimitClosesTheSessionAsASlowConsumer() {
        GatewaySession session = session(10);
        session.send(OutboundFrame.text("stuck"));
        session.send(OutboundFrame.text("waiting"));

        assertFalse(session.closeIfWriteStuck(System.nanoTime() - 60_000_000_000L, 10_000), "not yet");
        assertTrue(session.closeIfWriteStuck(System.nanoTime() + 1, 10_000));
        assertFalse(session.closeIfWriteStuck(System.nanoTime() + 1, 10_000), "once");

        assertEquals(CloseCodes.SLOW_CONSUMER, session.serverDisconnect().code());
        closer.runLater();
        closer.runSoon();
        assertEquals(1, transport.aborts(), "the disconnect frame waits behind the stuck write: dropped");
        assertEquals(CloseCodes.SLOW_CONSUMER, terminations.get(0).code());
        assertEquals(List.of("stuck"), transport.texts(), "queued frames were dropped");
    }

    @Test
    void failedWriteClosesTheTransportWith1011() {
        GatewaySession session = session(10);
        session.send(OutboundFrame.text("a"));

        transport.failNext(new IOException("reset"));

        assertTrue(session.isClosing());
        closer.runSoon();
        assertEquals(List.of(new FakeTransport.Close(1011, "write failed")), transport.closes());
        assertEquals(List.of(new FakeTransport.Close(1011, "write failed")), terminations);
        assertNull(session.serverDisconnect());
    }

    @Test
    void terminationIsReportedOnceAndStopsSendingAndDisconnecting() {
        GatewaySession session = session(10);

        assertTrue(session.terminate(1000, "client left"));
        assertFalse(session.terminate(1006, "again"));

        assertFalse(session.send(OutboundFrame.text("a")));
        assertFalse(session.disconnect(Disconnect.reconnect(4000, "late")));
        assertTrue(transport.texts().isEmpty());
        assertEquals(0, closer.laterCount());
        assertEquals(List.of(new FakeTransport.Close(1000, "client left")), terminations);
    }

    @Test
    void closeNowClosesAtOnceWithTheDisconnectCodeAndOnlyOnce() {
        GatewaySession session = session(10);
        session.disconnect(Disconnect.reconnect(CloseCodes.SHUTDOWN, "redeploy"));

        session.closeNow();
        transport.completeNext();
        closer.runSoon();
        closer.runLater();
        closer.runSoon();

        assertEquals(List.of(new FakeTransport.Close(CloseCodes.SHUTDOWN, "redeploy")), transport.closes());
        assertEquals(1, terminations.size());
    }

    @Test
    void closeNowWithoutDisconnectClosesWithShutdown() {
        GatewaySession session = session(10);

        session.closeNow();

        Disconnect shutdown = Disconnect.reconnect(CloseCodes.SHUTDOWN, "gateway shutting down");
        assertEquals(List.of(new FakeTransport.Close(shutdown.code(), shutdown.reason())), transport.closes());
        assertEquals(List.of(new FakeTransport.Close(shutdown.code(), shutdown.reason())), terminations);
    }

    @Test
    void closeNowClosesEvenWhenTheGraceCloseIsQueuedButNeverRuns() {
        GatewaySession session = session(10);
        session.disconnect(Disconnect.reconnect(CloseCodes.SHUTDOWN, "redeploy"));
        closer.runLater(); // the grace timer fired and queued the close, which a stopping node never runs

        session.closeNow();

        assertEquals(List.of(new FakeTransport.Close(CloseCodes.SHUTDOWN, "redeploy")), transport.closes());
        assertEquals(1, terminations.size());
    }
}
