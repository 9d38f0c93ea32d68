package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.session.CloseCodes;
import org.longconn.endpoint.session.FakeTransport;

class InboundHandlerLimitsTest {

    private static InboundFixture.Client client() {
        return new InboundFixture().open("alice");
    }

    private static void assertError(JsonObject frame, String code) {
        assertEquals("error", frame.getString("type"), frame::toString);
        assertEquals(code, frame.getString("code"), frame::toString);
    }

    @Test
    void frameOverTheLimitIsAnsweredFrameTooLarge() {
        InboundFixture.Client client = client();

        assertError(client.answer("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(300) + "\"}"), "frame_too_large");
    }

    @Test
    void limitCountsUtf8BytesNotCharacters() {
        InboundFixture.Client client = client();
        String frame = "{\"type\":\"message\",\"opType\":\"a\",\"data\":\"" + "é".repeat(110) + "\"}";
        assertTrue(frame.length() <= 256);

        assertError(client.answer(frame), "frame_too_large");
    }

    @Test
    void frameAtTheLimitIsAccepted() {
        InboundFixture.Client client = client();
        String prefix = "{\"type\":\"ping\",\"id\":\"1\",\"pad\":\"";
        String frame = prefix + "x".repeat(256 - prefix.length() - 2) + "\"}";
        assertEquals(256, frame.length());

        assertEquals("pong", client.answer(frame).getString("type"));
    }

    @Test
    void binaryMessageOverTheLimitIsAnsweredFrameTooLargeOnceAtItsLastPart() {
        InboundFixture fixture = new InboundFixture();
        InboundFixture.Client client = fixture.open("alice");

        fixture.handler.onBinaryPart(client.session, ByteBuffer.allocate(200), false);
        assertEquals(1, client.texts().size(), "no answer before the last part");
        fixture.handler.onBinaryPart(client.session, ByteBuffer.allocate(57), true);

        List<String> texts = client.texts();
        assertEquals(2, texts.size());
        assertError(InboundFixture.json(texts.get(1)), "frame_too_large");
    }

    @Test
    void badFramesUpToTheAllowanceKeepTheSessionOpen() {
        InboundFixture.Client client = client();

        for (int i = 0; i < 3; i++) {
            assertError(client.answer("garbage"), "bad_json");
        }

        assertFalse(client.session.isClosing());
        assertEquals("pong", client.answer("{\"type\":\"ping\",\"id\":\"1\"}").getString("type"));
    }

    @Test
    void tooManyBadFramesDisconnectWithProtocolViolation() throws InterruptedException {
        InboundFixture.Client client = client();
        for (int i = 0; i < 3; i++) {
            client.answer("{\"type\":\"nope\"}");
        }

        List<JsonObject> last = client.send("{\"type\":\"nope\"}");

        assertEquals(2, last.size());
        assertError(last.get(0), "unknown_type");
        assertEquals("disconnect", last.get(1).getString("type"));
        assertEquals(CloseCodes.PROTOCOL_VIOLATION, last.get(1).getInt("code"));
        assertFalse(last.get(1).getBoolean("reconnect"));
        FakeTransport.Close close = client.transport.awaitClose(10_000);
        assertEquals(CloseCodes.PROTOCOL_VIOLATION, close.code());
        assertEquals(last.get(1).getString("reason"), close.reason());
        assertTrue(client.send("{\"type\":\"ping\",\"id\":\"1\"}").isEmpty());
    }

    @Test
    void sessionClosedForProtocolViolationIsUnregisteredWithItsCode() throws InterruptedException {
        InboundFixture fixture = new InboundFixture();
        InboundFixture.Client client = fixture.open("alice");
        client.answer("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a.b\"]}");
        for (int i = 0; i < 4; i++) {
            client.send("[]");
        }

        client.transport.awaitClose(10_000);

        String id = client.session.id();
        assertNull(fixture.sessions.get(id));
        assertEquals(0, fixture.index.subscriptionCount(id));
        assertEquals(1, fixture.events.closed.size());
        assertEquals(CloseCodes.PROTOCOL_VIOLATION, fixture.events.closed.get(0).code());
    }

    @Test
    void framesOverTheRateAreAnsweredRateLimitedWithoutCountingAsInvalid() {
        InboundFixture fixture = new InboundFixture(InboundFixture.config(2, 3, 60_000));
        InboundFixture.Client client = fixture.open("alice");

        List<String> types = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JsonObject answer = client.answer("{\"type\":\"ping\",\"id\":\"" + i + "\"}");
            types.add(answer.getString("type").equals("pong") ? "pong" : answer.getString("code"));
        }

        assertEquals(List.of("pong", "pong"), types.subList(0, 2));
        assertTrue(types.contains("rate_limited"), types::toString);
        assertFalse(client.session.isClosing());
    }
}
