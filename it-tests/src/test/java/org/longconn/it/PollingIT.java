package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP polling transport on embedded GlassFish, with plain HTTP clients: missed pushes, a
 * long-poll woken by a push, the poll-request event, posted messages and calls, authentication.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PollingIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("callTimeoutMs=1000\npollMaxPushes=3\n");
    }

    private final HttpPoller poller = HttpPoller.at(Deployments.port());

    /** Asks the test application, through a posted call, to push {@code data} on {@code opType}. */
    private void push(String opType, String data) throws Exception {
        HttpPoller.Answer answer = poller.post(
                "{\"type\":\"call\",\"id\":\"p\",\"opType\":\"test.push\",\"data\":" + "{\"opType\":\"" + opType
                        + "\",\"data\":" + data + "}}",
                null);
        assertEquals(200, answer.status());
        assertTrue(answer.body().containsKey("data"), () -> "push refused: " + answer.body());
    }

    /** Polls once without waiting and returns the position to continue {@code opType} from. */
    private String positionNow(String opType) throws Exception {
        return poller.poll(0, opType).position(0);
    }

    private static List<Integer> numbers(HttpPoller.Answer answer) {
        return answer.pushes().stream()
                .map(push -> push.getJsonObject("data").getInt("n"))
                .toList();
    }

    /**
     * Waits, by asking the node with a deadline, until it holds {@code count} waiting polls. It asks
     * as a client of its own, 50 times a second at most: posted frames count against a rate limit
     * per client (100 a second), which a spinning loop would reach.
     */
    private void awaitWaitingPolls(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int waiting = -1;
        while (System.nanoTime() < deadline) {
            HttpPoller.Answer answer =
                    poller.post("{\"type\":\"call\",\"id\":\"w\",\"opType\":\"test.waitingPolls\"}", "client=awaiting");
            assertEquals(200, answer.status(), () -> "answer: " + answer.text());
            waiting = answer.body().getJsonObject("data").getInt("waiting");
            if (waiting == count) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("expected " + count + " waiting polls, the node holds " + waiting);
    }

    @Test
    void aPollFromAPositionGetsEveryMissedPushInOrderInPages() throws Exception {
        String from = positionNow("missed.a");
        for (int n = 1; n <= 4; n++) {
            push(n % 2 == 0 ? "missed.b" : "missed.a", "{\"n\":" + n + "}");
        }
        HttpPoller.Answer first = poller.poll(25_000, HttpPoller.sub("missed.*", from));
        assertEquals(200, first.status());
        assertEquals(List.of(1, 2, 3), numbers(first), "3 pushes per answer here");
        assertTrue(first.body().getBoolean("more"));
        assertTrue(first.result(0).getBoolean("recovered"));
        assertTrue(first.pushes().get(0).getString("pos").length() > 2, "each push carries its position");

        HttpPoller.Answer rest = poller.poll(25_000, HttpPoller.sub("missed.*", first.position(0)));
        assertEquals(List.of(4), numbers(rest));
        assertFalse(rest.body().getBoolean("more"));
    }

    @Test
    void aLongPollIsAnsweredAsSoonAsAPushArrives() throws Exception {
        String from = positionNow("wake.up");
        CompletableFuture<HttpPoller.Answer> waiting = poller.pollAsync(25_000, null, HttpPoller.sub("wake.up", from));
        awaitWaitingPolls(1);
        assertFalse(waiting.isDone());

        push("wake.up", "{\"n\":7}");
        HttpPoller.Answer answer = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(7), numbers(answer));
        assertTrue(answer.result(0).getBoolean("recovered"));
        awaitWaitingPolls(0);
    }

    @Test
    void aShortWaitEndsWithNothingNewAndTheSamePositionStillWorks() throws Exception {
        push("quiet.other", "{\"n\":0}"); // so that the node has seen a push, whichever test ran first
        String from = positionNow("quiet.one");
        HttpPoller.Answer answer = poller.poll(100, HttpPoller.sub("quiet.one", from));
        assertEquals(List.of(), answer.pushes());
        assertTrue(answer.result(0).getBoolean("recovered"));
    }

    @Test
    void thePollRequestEventLetsTheApplicationAnswerAPoll() throws Exception {
        // Any opType gives a position (positions are the node's); polling poll.hello here would
        // fire the observer once more.
        String from = positionNow("poll.other");
        HttpPoller.Answer answer = poller.pollAsync(25_000, "token=user:alice", HttpPoller.sub("poll.hello", from))
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, answer.pushes().size(), () -> "the observer's push wakes the poll: " + answer.body());
        JsonObject hello = answer.pushes().get(0).getJsonObject("data");
        assertEquals("alice", hello.getString("hello"));
        assertTrue(hello.getBoolean("resumed"));
    }

    @Test
    void userPushesReachOnlyTheirUsersPolls() throws Exception {
        String from = positionNow("inbox.new");
        CompletableFuture<HttpPoller.Answer> bob =
                poller.pollAsync(25_000, "token=user:bob", HttpPoller.sub("inbox.new", from));
        CompletableFuture<HttpPoller.Answer> alice =
                poller.pollAsync(25_000, "token=user:alice", HttpPoller.sub("inbox.new", from));
        awaitWaitingPolls(2);
        poller.post(
                "{\"type\":\"call\",\"id\":\"u\",\"opType\":\"test.push\",\"data\":{\"opType\":\"inbox.new\","
                        + "\"user\":\"alice\",\"data\":{\"n\":1}}}",
                null);
        assertEquals(List.of(1), numbers(alice.get(10, TimeUnit.SECONDS)));
        awaitWaitingPolls(1);
        assertFalse(bob.isDone(), "bob's poll goes on waiting");
        poller.post(
                "{\"type\":\"call\",\"id\":\"u\",\"opType\":\"test.push\",\"data\":{\"opType\":\"inbox.new\","
                        + "\"user\":\"bob\",\"data\":{\"n\":2}}}",
                null);
        assertEquals(List.of(2), numbers(bob.get(10, TimeUnit.SECONDS)), "and gets his own");
    }

    @Test
    void binaryPushesArriveAsBase64() throws Exception {
        String from = positionNow("blob.x");
        poller.post(
                "{\"type\":\"call\",\"id\":\"b\",\"opType\":\"test.push\",\"data\":{\"opType\":\"blob.x\","
                        + "\"binaryBase64\":\"AQID\"}}",
                null);
        JsonObject push =
                poller.poll(25_000, HttpPoller.sub("blob.x", from)).pushes().get(0);
        assertEquals("blob.x", push.getString("opType"));
        assertEquals(
                List.of((byte) 1, (byte) 2, (byte) 3),
                toList(Base64.getDecoder().decode(push.getString("binary"))));
    }

    private static List<Byte> toList(byte[] bytes) {
        return List.of(bytes[0], bytes[1], bytes[2]);
    }

    @Test
    void postedFramesGetTheAnswerASocketWouldGet() throws Exception {
        HttpPoller.Answer echo =
                poller.post("{\"type\":\"call\",\"id\":\"1\",\"opType\":\"test.echo\",\"data\":[1,2]}", null);
        assertEquals(200, echo.status());
        assertEquals("reply", echo.body().getString("type"));
        assertEquals(2, echo.body().getJsonArray("data").size());

        HttpPoller.Answer failed = poller.post("{\"type\":\"call\",\"id\":\"2\",\"opType\":\"test.fail\"}", null);
        assertEquals(200, failed.status(), "a failed reply is still the call's answer");
        assertEquals("not_found", failed.body().getJsonObject("error").getString("code"));

        HttpPoller.Answer timedOut = poller.post("{\"type\":\"call\",\"id\":\"3\",\"opType\":\"test.silent\"}", null);
        assertEquals("timeout", timedOut.body().getJsonObject("error").getString("code"));

        HttpPoller.Answer message =
                poller.post("{\"type\":\"message\",\"opType\":\"chat.send\",\"data\":{\"text\":\"hi\"}}", null);
        assertEquals(204, message.status(), () -> "answer: " + message.body());
        assertNull(message.body());

        HttpPoller.Answer bad = poller.post("{not json", null);
        assertEquals(400, bad.status());
        assertEquals("bad_json", bad.body().getString("code"));

        HttpPoller.Answer subscribe = poller.post("{\"type\":\"subscribe\",\"id\":\"4\",\"opTypes\":[\"a\"]}", null);
        assertEquals(400, subscribe.status());
        assertEquals("bad_request", subscribe.body().getString("code"));
    }

    @Test
    void aFormEncodedPostIsReadAsTheFrameWhateverItsContentType() throws Exception {
        // curl -d sends this content type; the token in the query must not make the server read the
        // body as form parameters (which would leave nothing for the frame).
        HttpPoller.Answer pong = poller.postAsync(
                        "{\"type\":\"ping\",\"id\":\"f\"}", "token=user:alice", "application/x-www-form-urlencoded")
                .get(30, TimeUnit.SECONDS);
        assertEquals(200, pong.status(), () -> "answer: " + pong.text());
        assertEquals("pong", pong.body().getString("type"));
        assertEquals("f", pong.body().getString("id"));
    }

    @Test
    void aBinaryCallPostedAsOctetStreamIsAnswered() throws Exception {
        // 04 | 00 0a | "test.bytes" | 01 | "b" | 05 06
        byte[] frame = {4, 0, 10, 't', 'e', 's', 't', '.', 'b', 'y', 't', 'e', 's', 1, 'b', 5, 6};
        HttpPoller.Answer reply = poller.postBinary(frame, null);
        assertEquals(200, reply.status(), () -> "answer: " + reply.text());
        assertEquals("b", reply.body().getString("id"));
        assertEquals(2, reply.body().getJsonObject("data").getInt("length"));
        assertEquals(5, reply.body().getJsonObject("data").getInt("first"));

        HttpPoller.Answer unknown = poller.postBinary(new byte[] {9, 9}, null);
        assertEquals(400, unknown.status());
        assertEquals("unknown_type", unknown.body().getString("code"));
    }

    @Test
    void aClientPostingOverItsRateGets429WhileOthersGoOn() throws Exception {
        // The deployment's maxFramesPerSecond is 100: four loops posting back to back on keep-alive
        // connections (HTTP/1.1, of their own) outrun the refill, whatever the machine's speed.
        HttpPoller flooder = HttpPoller.at(Deployments.port());
        AtomicReference<HttpPoller.Answer> refused = new AtomicReference<>();
        AtomicInteger passed = new AtomicInteger();
        ExecutorService loops = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                running.add(loops.submit(() -> {
                    for (int n = 0; n < 1_000 && refused.get() == null; n++) {
                        HttpPoller.Answer answer = flooder.post("ping", "client=flooder");
                        if (answer.status() == 429) {
                            refused.compareAndSet(null, answer);
                        } else {
                            assertEquals(200, answer.status(), () -> "answer: " + answer.text());
                            passed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : running) {
                loop.get(60, TimeUnit.SECONDS);
            }
        } finally {
            loops.shutdownNow();
        }
        assertNotNull(refused.get(), "no 429 after " + passed.get() + " posts over the rate");
        assertEquals("rate_limited", refused.get().body().getString("code"));
        assertTrue(passed.get() >= 100, "the client's first frames passed: " + passed.get());

        HttpPoller.Answer other = flooder.post("ping", "client=calm");
        assertEquals(200, other.status(), "another client is not limited by the first");
    }

    @Test
    void pollsAreAuthenticatedLikeSocketsAndCheckedLikeSubscriptions() throws Exception {
        HttpResponse<String> refused = poller.get("sub=a&token=bad");
        assertEquals(401, refused.statusCode());
        assertEquals("bad token", refused.body());
        assertEquals(403, poller.post("{\"type\":\"ping\"}", "token=banned").status());

        HttpPoller.Answer denied = poller.poll(0, "secret.plans", "open.plans");
        assertEquals("subscription_denied", denied.result(0).getString("code"));
        assertTrue(denied.result(1).getBoolean("ok"));
        assertTrue(poller.pollAsync(0, "token=user:admin", "secret.plans")
                .get()
                .result(0)
                .getBoolean("ok"));
    }

    @Test
    void malformedPollsAreAnswered400WithWhatToFix() throws Exception {
        HttpResponse<String> none = poller.get("wait=10");
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("bad_request") && none.body().contains("sub="), none.body());
        HttpResponse<String> badWait = poller.get("sub=a&wait=soon");
        assertEquals(400, badWait.statusCode());
        assertTrue(badWait.body().contains("wait"), badWait.body());
        assertEquals("invalid_op_type", poller.poll(0, "bad..type").result(0).getString("code"));
        assertEquals("no-store", none.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void theQueryStringIsDecodedAsUtf8() throws Exception {
        HttpPoller.Answer answer = poller.poll(0, "x.é");
        assertEquals("invalid_op_type", answer.result(0).getString("code"));
        assertEquals("x.é", answer.result(0).getString("opType"), answer.text());
        assertTrue(answer.result(0).getString("message").contains("'é'"), answer.text());
    }
}
