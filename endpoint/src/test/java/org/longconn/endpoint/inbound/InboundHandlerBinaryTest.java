package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.ClientMessage;

/** Binary messages and calls from clients (PROTOCOL.md §3.7). */
class InboundHandlerBinaryTest {

    private final InboundFixture fixture = new InboundFixture();
    private final InboundFixture.Client client = fixture.open("alice");

    /** A binary frame: kind, u16 opType length, opType, u8 id length, id, payload. */
    static byte[] frame(int kind, String opType, String id, byte... payload) {
        byte[] op = opType.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = id == null ? new byte[0] : id.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(kind);
        out.write(op.length >>> 8);
        out.write(op.length & 0xFF);
        out.writeBytes(op);
        out.write(idBytes.length);
        out.writeBytes(idBytes);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private List<JsonObject> send(byte[] frame) {
        int before = client.texts().size();
        fixture.handler.onBinaryPart(client.session, ByteBuffer.wrap(frame), true);
        return client.texts().subList(before, client.texts().size()).stream()
                .map(InboundFixture::json)
                .toList();
    }

    @Test
    void aBinaryMessageReachesObserversWithItsBytes() {
        assertEquals(List.of(), send(frame(3, "img.upload", null, (byte) 0, (byte) 0xFF, (byte) 7)));

        ClientMessage message = fixture.events.messages.get(0);
        assertEquals("img.upload", message.opType());
        assertEquals("alice", message.userId());
        assertTrue(message.isBinary());
        assertArrayEquals(new byte[] {0, (byte) 0xFF, 7}, message.bytes());
        assertEquals("null", message.dataJson());
        assertNull(message.data(Map.class));
        message.bytes()[0] = 9;
        assertEquals(0, message.bytes()[0], "each caller gets a copy of its own");
    }

    @Test
    void aJsonMessageHasNoBytes() {
        client.send("{\"type\":\"message\",\"opType\":\"chat.send\",\"data\":1}");
        assertFalse(fixture.events.messages.get(0).isBinary());
        assertNull(fixture.events.messages.get(0).bytes());
    }

    @Test
    void aBinaryCallIsAnsweredWithAJsonReply() {
        fixture.events.onCall("img.scan", call -> call.reply(Map.of("length", call.bytes().length)));

        JsonObject reply =
                send(frame(4, "img.scan", "7", (byte) 1, (byte) 2, (byte) 3)).get(0);

        assertEquals("reply", reply.getString("type"));
        assertEquals("7", reply.getString("id"));
        assertEquals(3, reply.getJsonObject("data").getInt("length"));
    }

    @Test
    void aBinaryFrameInPartsIsJoined() {
        byte[] whole = frame(3, "chat.say", null, "héllo".getBytes(StandardCharsets.UTF_8));
        fixture.handler.onBinaryPart(client.session, ByteBuffer.wrap(whole, 0, 5), false);
        fixture.handler.onBinaryPart(client.session, ByteBuffer.wrap(whole, 5, whole.length - 5), true);

        assertEquals("héllo", new String(fixture.events.messages.get(0).bytes(), StandardCharsets.UTF_8));
    }

    /** The answer to {@code frame} sent by a client of its own (the fixture allows 3 invalid frames a minute). */
    private JsonObject answerToNewClient(byte[] frame) {
        InboundFixture.Client other = fixture.open("carol");
        fixture.handler.onBinaryPart(other.session, ByteBuffer.wrap(frame), true);
        return InboundFixture.json(other.texts().get(1));
    }

    @Test
    void malformedBinaryFramesAreAnsweredWithWhatToFix() {
        assertEquals("unknown_type", answerToNewClient(new byte[] {1, 2, 3}).getString("code"));
        assertEquals("bad_frame", answerToNewClient(new byte[] {3, 0}).getString("code"));
        assertEquals(
                "bad_frame", answerToNewClient(new byte[] {3, 0, 9, 'a', 0}).getString("code"), "opType cut short");
        JsonObject noId = answerToNewClient(frame(4, "img.scan", null));
        assertEquals("bad_frame", noId.getString("code"));
        assertTrue(noId.getString("message").contains("id"), noId::toString);
        // A lone surrogate's UTF-8 form (ED A0 80) is no valid UTF-8.
        byte[] lone = {3, 0, 3, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 0};
        JsonObject notUtf8 = answerToNewClient(lone);
        assertEquals("bad_frame", notUtf8.getString("code"));
        assertTrue(notUtf8.getString("message").contains("UTF-8"), notUtf8::toString);
        assertTrue(fixture.events.messages.isEmpty());
    }

    @Test
    void aBinaryCallWithAnInvalidOpTypeGetsAReplyError() {
        JsonObject reply = send(frame(4, "img.*", "8")).get(0);
        assertEquals("8", reply.getString("id"));
        assertEquals("invalid_op_type", reply.getJsonObject("error").getString("code"));
    }

    @Test
    void binaryFramesOfForwardedOpTypesAreRefusedNotForwarded() {
        RemoteForwarding forwarding = new RemoteForwarding(
                List.of("svc.#"),
                "n1",
                new org.longconn.endpoint.scheduling.GatewayScheduler(InboundFixture.config()),
                60_000);
        forwarding.sendThrough((request, refused) -> {
            throw new AssertionError("nothing binary is forwarded: " + request);
        });
        InboundFixture forwarded = new InboundFixture(InboundFixture.config(), forwarding);
        InboundFixture.Client sender = forwarded.open("bob");

        forwarded.handler.onBinaryPart(sender.session, ByteBuffer.wrap(frame(3, "svc.a", null, (byte) 1)), true);
        forwarded.handler.onBinaryPart(sender.session, ByteBuffer.wrap(frame(4, "svc.b", "9", (byte) 1)), true);

        List<String> texts = sender.texts();
        JsonObject error = InboundFixture.json(texts.get(1));
        assertEquals("bad_request", error.getString("code"));
        assertTrue(error.getString("message").contains("as JSON"), error::toString);
        JsonObject reply = InboundFixture.json(texts.get(2));
        assertEquals("9", reply.getString("id"));
        assertEquals("bad_request", reply.getJsonObject("error").getString("code"));
    }
}
