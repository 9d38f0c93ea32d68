package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.ClientCall;
import org.longconn.endpoint.protocol.ErrorCode;

/** Frames posted over the polling transport: handled like socket frames, each to one typed outcome. */
class PostedFramesTest {

    private static final String PING = "{\"type\":\"ping\",\"id\":\"p\"}";

    private final InboundFixture fixture = new InboundFixture();

    private CompletableFuture<PostedOutcome> post(String text) {
        return fixture.posted.handle(text, "alice", null, "127.0.0.1");
    }

    private static PostedOutcome.Answered answered(CompletableFuture<PostedOutcome> outcome) {
        assertTrue(outcome.isDone(), "answered at once");
        return assertInstanceOf(PostedOutcome.Answered.class, outcome.join());
    }

    private static PostedOutcome.Refused refused(CompletableFuture<PostedOutcome> outcome) {
        assertTrue(outcome.isDone(), "refused at once");
        return assertInstanceOf(PostedOutcome.Refused.class, outcome.join());
    }

    private static JsonObject json(PostedOutcome.Refused refused) {
        return InboundFixture.json(refused.frame().text());
    }

    @Test
    void aMessageIsDispatchedWithTheUserAndAnsweredWithNothing() {
        CompletableFuture<PostedOutcome> outcome =
                post("{\"type\":\"message\",\"opType\":\"chat.say\",\"data\":\"hi\"}");
        assertInstanceOf(PostedOutcome.Accepted.class, outcome.join());
        assertEquals("alice", fixture.events.messages.get(0).userId());
        assertTrue(fixture.events.messages.get(0).sessionId().startsWith("post-"));
        assertEquals(List.of(), fixture.events.opened, "a posted frame opens no session");
        assertEquals(0, fixture.sessions.size(), "and registers none");
    }

    @Test
    void aCallIsAnsweredWithItsReply() {
        fixture.events.onCall("user.get", call -> call.reply("Alice"));
        PostedOutcome.Answered reply = answered(post("{\"type\":\"call\",\"id\":\"1\",\"opType\":\"user.get\"}"));
        assertEquals("Alice", InboundFixture.json(reply.frame().text()).getString("data"));
    }

    @Test
    void aCallAnsweredLaterCompletesItsOutcomeThen() {
        CompletableFuture<ClientCall> held = new CompletableFuture<>();
        fixture.events.onCall("user.get", held::complete);
        CompletableFuture<PostedOutcome> outcome = post("{\"type\":\"call\",\"id\":\"1\",\"opType\":\"user.get\"}");
        assertFalse(outcome.isDone(), "its one reply may come later");
        held.join().reply("Alice");
        assertEquals(
                "Alice", InboundFixture.json(answered(outcome).frame().text()).getString("data"));
    }

    @Test
    void aPingIsAnsweredWithPong() {
        assertEquals(
                "pong", InboundFixture.json(answered(post(PING)).frame().text()).getString("type"));
        assertEquals("pong", answered(post("ping")).frame().text(), "a bare ping gets a bare pong");
    }

    @Test
    void subscriptionsAreRefusedBecausePollsCarryThem() {
        PostedOutcome.Refused refused = refused(post("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a\"]}"));
        assertEquals(ErrorCode.BAD_REQUEST, refused.code());
        assertEquals("bad_request", json(refused).getString("code"));
        assertTrue(json(refused).getString("message").contains("/poll?sub="));
        assertEquals(List.of(), List.copyOf(fixture.index.find("a")), "nothing was subscribed");
    }

    @Test
    void aBadFrameIsAnsweredWithItsError() {
        PostedOutcome.Refused refused = refused(post("{not json"));
        assertEquals(ErrorCode.BAD_JSON, refused.code());
        assertEquals("bad_json", json(refused).getString("code"));
    }

    @Test
    void theRateLimitHoldsAcrossRequestsOfOneClientAndNotBeyondIt() {
        InboundFixture limited = new InboundFixture(InboundFixture.config(2, 3, 60_000));
        List<CompletableFuture<PostedOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Each post is a request of its own, as over HTTP; the user is the same.
            outcomes.add(limited.posted.handle(PING, "alice", null, "10.0.0.1"));
        }
        answered(outcomes.get(1));
        assertEquals(
                ErrorCode.RATE_LIMITED,
                refused(outcomes.get(2)).code(),
                "the third frame within a second is over alice's rate of 2");

        assertInstanceOf(
                PostedOutcome.Answered.class,
                limited.posted.handle(PING, "bob", null, "10.0.0.1").join(),
                "bob has a bucket of his own");
        assertInstanceOf(
                PostedOutcome.Answered.class,
                limited.posted.handle(PING, null, "sdk-1", "10.0.0.1").join(),
                "an anonymous client is known by its client id");
    }

    @Test
    void aClientOverItsInvalidFrameAllowanceIsRefusedUntilTheMinuteIsOver() {
        // The fixture allows 3 invalid frames a minute.
        for (int i = 0; i < 4; i++) {
            assertEquals(ErrorCode.BAD_JSON, refused(post("{not json")).code());
        }
        PostedOutcome.Refused refused = refused(post(PING));
        assertEquals(ErrorCode.RATE_LIMITED, refused.code(), "a valid frame too, once over the allowance");
        assertTrue(json(refused).getString("message").contains("invalid frames"));
        answered(fixture.posted.handle(PING, "bob", null, "127.0.0.1"));
    }

    @Test
    void aBinaryCallIsAnsweredWithItsReplyAndABadOneRefused() {
        fixture.events.onCall("img.scan", call -> call.reply(call.bytes().length));
        CompletableFuture<PostedOutcome> outcome = fixture.posted.handleBinary(
                InboundHandlerBinaryTest.frame(4, "img.scan", "5", (byte) 1, (byte) 2), "alice", null, "127.0.0.1");
        JsonObject reply = InboundFixture.json(answered(outcome).frame().text());
        assertEquals("5", reply.getString("id"));
        assertEquals(2, reply.getInt("data"));

        PostedOutcome.Refused refused =
                refused(fixture.posted.handleBinary(new byte[] {9}, "alice", null, "127.0.0.1"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, refused.code());
    }
}
