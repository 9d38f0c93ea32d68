package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.session.FakeTransport;
import org.longconn.endpoint.session.GatewaySession;

/** Frames posted over the polling transport: handled like socket frames by a session of one request. */
class InboundHandlerPostedTest {

    private final InboundFixture fixture = new InboundFixture();
    private final FakeTransport transport = FakeTransport.inline();

    private GatewaySession post() {
        return fixture.handler.postSession(transport, "alice", null, "127.0.0.1");
    }

    private List<JsonObject> answers() {
        return transport.texts().stream().map(InboundFixture::json).toList();
    }

    @Test
    void aMessageIsDispatchedWithTheUserAndAnsweredWithNothing() {
        GatewaySession session = post();
        assertFalse(
                fixture.handler.onPosted(session, "{\"type\":\"message\",\"opType\":\"chat.say\",\"data\":\"hi\"}"));
        assertEquals(List.of(), answers());
        assertEquals("alice", fixture.events.messages.get(0).userId());
        assertEquals(List.of(), fixture.events.opened, "a posted frame opens no session");
        assertEquals(0, fixture.sessions.size(), "and registers none");
    }

    @Test
    void aCallIsAnsweredWithItsReply() {
        fixture.events.onCall("user.get", call -> call.reply("Alice"));
        assertTrue(
                fixture.handler.onPosted(post(), "{\"type\":\"call\",\"id\":\"1\",\"opType\":\"user.get\"}"),
                "a call: its one reply may come later");
        assertEquals("Alice", answers().get(0).getString("data"));
    }

    @Test
    void subscriptionsAreRefusedBecausePollsCarryThem() {
        assertFalse(fixture.handler.onPosted(post(), "{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a\"]}"));
        JsonObject error = answers().get(0);
        assertEquals("bad_request", error.getString("code"));
        assertTrue(error.getString("message").contains("/poll?sub="));
        assertEquals(0, fixture.index.subscriptionCount(post().id()));
    }

    @Test
    void aBadFrameIsAnsweredWithItsError() {
        assertFalse(fixture.handler.onPosted(post(), "{not json"));
        assertEquals("bad_json", answers().get(0).getString("code"));
    }

    @Test
    void theRateLimitHoldsAcrossRequestsOfOneClientAndNotBeyondIt() {
        InboundFixture limited = new InboundFixture(InboundFixture.config(2, 3, 60_000));
        String ping = "{\"type\":\"ping\",\"id\":\"p\"}";
        FakeTransport[] answers = new FakeTransport[4];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = FakeTransport.inline();
            // Each post is a request of its own, as over HTTP; the user is the same.
            limited.handler.onPosted(limited.handler.postSession(answers[i], "alice", null, "10.0.0.1"), ping);
        }
        assertEquals("pong", InboundFixture.json(answers[1].texts().get(0)).getString("type"));
        assertEquals(
                "rate_limited",
                InboundFixture.json(answers[2].texts().get(0)).getString("code"),
                "the third frame within a second is over alice's rate of 2");

        FakeTransport bob = FakeTransport.inline();
        limited.handler.onPosted(limited.handler.postSession(bob, "bob", null, "10.0.0.1"), ping);
        assertEquals("pong", InboundFixture.json(bob.texts().get(0)).getString("type"), "bob has a bucket of his own");

        FakeTransport anonymous = FakeTransport.inline();
        limited.handler.onPosted(limited.handler.postSession(anonymous, null, "sdk-1", "10.0.0.1"), ping);
        assertEquals(
                "pong",
                InboundFixture.json(anonymous.texts().get(0)).getString("type"),
                "an anonymous client is known by its client id");
    }
}
