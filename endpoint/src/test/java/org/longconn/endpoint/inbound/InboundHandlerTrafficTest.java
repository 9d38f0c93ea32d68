package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.ClientCall;
import org.longconn.api.event.ClientMessage;

class InboundHandlerTrafficTest {

    private final InboundFixture fixture = new InboundFixture();
    private final InboundFixture.Client client = fixture.open("alice");

    private static void assertReplyError(JsonObject reply, String id, String code) {
        assertEquals("reply", reply.getString("type"));
        assertEquals(id, reply.getString("id"));
        assertEquals(code, reply.getJsonObject("error").getString("code"));
        assertFalse(reply.containsKey("data"));
    }

    @Test
    void messageReachesObserversWithSenderAndData() {
        List<JsonObject> answers =
                client.send("{\"type\":\"message\",\"opType\":\"chat.send\",\"data\":{\"text\":\"hi\"}}");

        assertTrue(answers.isEmpty());
        ClientMessage message = fixture.events.messages.get(0);
        assertEquals("chat.send", message.opType());
        assertEquals(client.session.id(), message.sessionId());
        assertEquals("alice", message.userId());
        assertEquals("{\"text\":\"hi\"}", message.dataJson());
        assertEquals("hi", message.data(Map.class).get("text"));
    }

    @Test
    void messageWithInvalidOpTypeIsAnsweredWithInvalidOpType() {
        JsonObject error = client.answer("{\"type\":\"message\",\"opType\":\"chat.*\",\"data\":1}");

        assertEquals("error", error.getString("type"));
        assertEquals("invalid_op_type", error.getString("code"));
        assertTrue(fixture.events.messages.isEmpty());
    }

    @Test
    void callWithoutHandlerIsAnsweredNoHandler() {
        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c1\",\"opType\":\"user.get\"}");

        assertReplyError(reply, "c1", "no_handler");
    }

    @Test
    void handlerReplyReachesTheClientWithTheCallId() {
        fixture.events.onCall(
                "user.get",
                call -> call.reply(Map.of("name", call.data(Map.class).get("id"))));

        JsonObject reply =
                client.answer("{\"type\":\"call\",\"id\":\"c2\",\"opType\":\"user.get\",\"data\":{\"id\":\"bob\"}}");

        assertEquals("reply", reply.getString("type"));
        assertEquals("c2", reply.getString("id"));
        assertEquals("bob", reply.getJsonObject("data").getString("name"));
    }

    @Test
    void handlerFailureWithAnApplicationCodeReachesTheClient() {
        fixture.events.onCall("user.get", call -> call.fail("not_found", "no such user"));

        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c3\",\"opType\":\"user.get\"}");

        assertReplyError(reply, "c3", "not_found");
        assertEquals("no such user", reply.getJsonObject("error").getString("message"));
    }

    @Test
    void onlyTheFirstAnswerToACallIsSent() {
        AtomicReference<Boolean> second = new AtomicReference<>();
        fixture.events.onCall("user.get", call -> {
            call.replyJson("[1,2]");
            second.set(call.reply("again"));
        });

        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c4\",\"opType\":\"user.get\"}");

        assertEquals(2, reply.getJsonArray("data").size());
        assertEquals(Boolean.FALSE, second.get());
    }

    @Test
    void handlerExceptionIsAnsweredHandlerErrorAndTheSessionStaysUsable() {
        fixture.events.onCall("user.get", call -> {
            throw new IllegalStateException("bug in handler");
        });

        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c5\",\"opType\":\"user.get\"}");

        assertReplyError(reply, "c5", "handler_error");
        assertFalse(client.session.isClosing());
        assertEquals(
                "pong", client.answer("{\"type\":\"ping\",\"id\":\"after\"}").getString("type"));
    }

    @Test
    void callWithInvalidOpTypeIsAnsweredInvalidOpType() {
        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c6\",\"opType\":\"user..get\"}");

        assertReplyError(reply, "c6", "invalid_op_type");
    }

    @Test
    void callAnsweredAfterTheFrameIsHandledStillReachesTheClient() {
        AtomicReference<ClientCall> pending = new AtomicReference<>();
        fixture.events.onCall("job.run", pending::set);

        assertTrue(client.send("{\"type\":\"call\",\"id\":\"c7\",\"opType\":\"job.run\"}")
                .isEmpty());
        assertTrue(pending.get().reply("done"));

        JsonObject reply = InboundFixture.json(client.texts().get(client.texts().size() - 1));
        assertEquals("c7", reply.getString("id"));
        assertEquals("done", reply.getString("data"));
    }
}
