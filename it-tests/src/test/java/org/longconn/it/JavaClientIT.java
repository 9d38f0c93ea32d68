package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.longconn.client.CallFailedException;
import org.longconn.client.DisconnectInfo;
import org.longconn.client.LongConnClient;
import org.longconn.client.PresenceChange;
import org.longconn.client.PresenceView;
import org.longconn.client.ReceivedPush;
import org.longconn.client.RefreshFailure;
import org.longconn.client.ServerSubscription;
import org.longconn.client.SubscriptionFailedException;

/**
 * The Java client against the real gateway. The deployment closes sessions silent for 1.5 s and
 * asks clients to ping every 0.4 s, so every test here also relies on the client's heartbeat.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JavaClientIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ADMIN = "java-admin";

    private final BlockingQueue<DisconnectInfo> disconnects = new LinkedBlockingQueue<>();
    private final CountDownLatch reconnected = new CountDownLatch(1);
    private final LongConnClient client = LongConnClient.builder(Deployments.ws(null))
            .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
            .onDisconnect(disconnects::add)
            .onReconnect(reconnected::countDown)
            .build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway(
                "idleTimeoutMs=1500\nheartbeatIntervalMs=400\ndeflate=true\ndeflateMinBytes=64\nadminSecret=" + ADMIN
                        + "\n");
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static <T> T await(BlockingQueue<T> queue) throws InterruptedException {
        T next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("nothing within " + WAIT);
        }
        return next;
    }

    private String call(String opType, String data) {
        return client.call(opType, data, WAIT).join();
    }

    private void push(String opType, String data) {
        call("test.push", "{\"opType\":\"" + opType + "\",\"data\":" + data + "}");
    }

    @Test
    void listenersShareOneSubscriptionAndRemovingThemStopsDelivery() throws Exception {
        client.connect().join();
        BlockingQueue<ReceivedPush> first = new LinkedBlockingQueue<>();
        BlockingQueue<ReceivedPush> second = new LinkedBlockingQueue<>();
        BlockingQueue<ReceivedPush> markers = new LinkedBlockingQueue<>();
        java.util.function.Consumer<ReceivedPush> firstListener = first::add;
        client.registerListener("order.#", firstListener).join();
        client.registerListener("order.#", second::add).join();
        client.registerListener("marker", markers::add).join();

        push("order.created", "{\"id\":1}");
        assertEquals("{\"id\":1}", await(first).dataJson());
        assertEquals("order.created", await(second).opType());

        client.removeListener("order.#", firstListener);
        push("order.created", "2");
        assertEquals("2", await(second).dataJson());

        client.removeListeners("order.#");
        push("order.created", "3");
        push("marker", "null");
        await(markers);
        assertTrue(first.isEmpty() && second.isEmpty(), "no push after the last listener went");
    }

    @Test
    void callsCompleteWithTheReplyOrFailWithItsCode() {
        client.connect().join();
        assertEquals("{\"a\":1}", call("test.echo", "{\"a\":1}"));
        CompletionException failed = assertThrows(CompletionException.class, () -> call("test.fail", "null"));
        assertEquals(
                "not_found",
                assertInstanceOf(CallFailedException.class, failed.getCause()).code());
        CompletionException unhandled = assertThrows(CompletionException.class, () -> call("nobody.home", "null"));
        assertEquals("no_handler", ((CallFailedException) unhandled.getCause()).code());
    }

    @Test
    void messagesAndCallsMadeBeforeConnectingWaitAndGoOut() throws Exception {
        BlockingQueue<ReceivedPush> room = new LinkedBlockingQueue<>();
        var registered = client.registerListener("chat.room", room::add);
        client.sendMessage("chat.send", "{\"text\":\"early\"}");
        var echoed = client.call("test.echo", "\"early\"", WAIT);
        client.connect().join();
        registered.join();
        assertEquals("\"early\"", echoed.join());
        assertTrue(await(room).dataJson().contains("early"));
    }

    @Test
    void binaryCallsReachTheAppAsBytesAndAreAnsweredWithJsonReplies() {
        var early = client.call("test.bytes", new byte[] {7, 8, 9}, WAIT);
        client.connect().join();
        JsonObject expected =
                Json.createObjectBuilder().add("length", 3).add("first", 7).build();
        assertEquals(expected, json(early.join()), "queued before connecting, then sent as a binary frame");
        assertEquals(
                expected,
                json(client.call("test.bytes", new byte[] {7, 8, 9}, WAIT).join()));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aDeniedSubscriptionFailsItsRegistration() {
        client.connect().join();
        CompletionException denied = assertThrows(
                CompletionException.class,
                () -> client.registerListener("secret.plans", push -> {}).join());
        SubscriptionFailedException failure = assertInstanceOf(SubscriptionFailedException.class, denied.getCause());
        assertEquals("subscription_denied", failure.code());
    }

    @Test
    void afterAServerDisconnectAdvisingReconnectTheClientReconnectsAndResubscribes() throws Exception {
        client.connect().join();
        BlockingQueue<ReceivedPush> news = new LinkedBlockingQueue<>();
        client.registerListener("news", news::add).join();
        String firstSession = client.sessionId();

        // The session is closed before the call can be answered: its reply never comes, by design.
        client.call(
                "test.disconnect",
                "{\"session\":\"" + firstSession + "\",\"code\":4100,\"reason\":\"rebalancing\"}",
                WAIT);
        DisconnectInfo info = await(disconnects);
        assertEquals(4100, info.code());
        assertTrue(info.willReconnect());
        assertFalse(info.manual());

        assertTrue(reconnected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "reconnected by itself");
        assertFalse(firstSession.equals(client.sessionId()), "a new session");
        // Resubscribed: the subscribe went out before onReconnect, and frames are in order.
        push("news", "\"again\"");
        assertEquals("\"again\"", await(news).dataJson());
    }

    @Test
    void afterAServerDisconnectSayingStopTheClientStaysAway() throws Exception {
        client.connect().join();
        client.call(
                "test.disconnect",
                "{\"session\":\"" + client.sessionId() + "\",\"code\":4601,\"reason\":\"banned\"}",
                WAIT);
        DisconnectInfo info = await(disconnects);
        assertEquals(new DisconnectInfo(4601, "banned", false, false), info);
        assertFalse(client.isOpen());
        CompletionException refused = assertThrows(
                CompletionException.class,
                () -> client.call("test.echo", "1", Duration.ofMillis(300)).join());
        assertEquals("client_timeout", ((CallFailedException) refused.getCause()).code());
    }

    @Test
    void aManualDisconnectEndsTheSessionAtOnceAndDoesNotReconnect() throws Exception {
        client.connect().join();
        var pending = client.call("test.silent", "null", WAIT);
        client.disconnect();
        assertFalse(client.isOpen(), "closed as soon as disconnect() returns");
        DisconnectInfo info = await(disconnects);
        assertEquals(new DisconnectInfo(1000, "client disconnect", true, false), info);
        CompletionException failed = assertThrows(CompletionException.class, pending::join);
        assertEquals("not_connected", ((CallFailedException) failed.getCause()).code());
    }

    @Test
    void connectingTwiceKeepsOneConnection() {
        client.connect().join();
        String session = client.sessionId();
        client.connect().join();
        assertEquals(session, client.sessionId());
    }

    @Test
    void theHeartbeatKeepsAnOtherwiseSilentSessionOpenPastTheIdleTimeout() {
        client.connect().join();
        String session = client.sessionId();
        // A call nobody answers keeps the client waiting 3.5 s: more than twice the idle timeout.
        CompletionException silent = assertThrows(
                CompletionException.class,
                () -> client.call("test.silent", "null", Duration.ofMillis(3_500))
                        .join());
        assertEquals("client_timeout", ((CallFailedException) silent.getCause()).code());
        assertTrue(disconnects.isEmpty(), "no disconnect: " + disconnects);
        assertEquals(session, client.sessionId());
        assertEquals(List.of(), List.copyOf(disconnects));
    }

    @Test
    void aSessionWhoseTokenExpiresIsRefreshedInBandWithTheSuppliersNextTokenAndOutlivesItsFirstExpiry()
            throws Exception {
        // The test app takes exp:<user>:<ms> as <user>, expiring <ms> from now, at the handshake and
        // in a refresh; the gateway asks for a refresh at once for a session expiring within 3 s.
        AtomicInteger tokens = new AtomicInteger();
        CompletableFuture<String> refreshToken = new CompletableFuture<>();
        BlockingQueue<DisconnectInfo> ended = new LinkedBlockingQueue<>();
        BlockingQueue<RefreshFailure> refreshFailures = new LinkedBlockingQueue<>();
        try (LongConnClient expiring = LongConnClient.builder(Deployments.ws(null))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .onDisconnect(ended::add)
                .onRefreshFailed(refreshFailures::add)
                .tokenSupplier(() -> {
                    if (tokens.getAndIncrement() == 0) {
                        return CompletableFuture.completedFuture("exp:alice:3000");
                    }
                    refreshToken.complete("exp:alice:600000");
                    return refreshToken;
                })
                .build()) {
            expiring.connect().join();
            long welcomed = System.nanoTime();
            String session = expiring.sessionId();

            // The gateway asks for a new token before the first one expires: the supplier is asked again.
            refreshToken.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            // The first token expired 3 s after the handshake: had the refresh not taken, the gateway
            // would have closed the session with 4005 by 4 s after the welcome.
            long untilPastFirstExpiry = 4_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - welcomed);
            assertNull(ended.poll(Math.max(0, untilPastFirstExpiry), TimeUnit.MILLISECONDS), "never disconnected");
            assertTrue(expiring.isOpen());
            assertEquals(session, expiring.sessionId(), "the same session: refreshed in band, not reconnected");
            assertTrue(expiring.expiresAt().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(5))));
            assertEquals(2, tokens.get(), "one token to connect with, one to refresh with");
            assertEquals(List.of(), List.copyOf(refreshFailures));
        }
    }

    @Test
    void aSubscriptionTheServerMadeIsHeldSoThatItsListenerNeedsNoSubscribeAndGetsItsPushes() throws Exception {
        // The test app takes subs:<user>:<opTypes> as <user>, with those subscriptions made by the
        // server: for a client that subscribes nothing, within a second of its welcome.
        BlockingQueue<ServerSubscription> made = new LinkedBlockingQueue<>();
        try (LongConnClient erin = LongConnClient.builder(Deployments.ws("token=subs:erin:inbox.erin"))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .onServerSubscription(made::add)
                .build()) {
            erin.connect().join();
            assertEquals(new ServerSubscription("inbox.erin", true, true, null, null), await(made));

            BlockingQueue<ReceivedPush> inbox = new LinkedBlockingQueue<>();
            CompletableFuture<Void> registered = erin.registerListener("inbox.erin", inbox::add);
            assertTrue(registered.isDone(), "held already: no subscribe, no answer to wait for");
            registered.join();

            erin.call("test.push", "{\"opType\":\"inbox.erin\",\"data\":{\"n\":1}}", WAIT)
                    .join();
            ReceivedPush push = await(inbox);
            assertEquals("inbox.erin", push.opType());
            assertEquals(json("{\"n\":1}"), json(push.dataJson()));
        }
    }

    @Test
    void aWatcherGetsTheMembersThenAJoinAndALeaveAsAnotherUserComesAndGoes() throws Exception {
        BlockingQueue<PresenceView> views = new LinkedBlockingQueue<>();
        try (LongConnClient alice =
                LongConnClient.builder(Deployments.ws("token=user:alice")).build()) {
            alice.connect().join();
            alice.watchPresence("presence.java", views::add).get(10, TimeUnit.SECONDS);
            PresenceView snapshot = await(views);
            assertEquals(PresenceChange.Kind.SNAPSHOT, snapshot.change().kind());
            assertEquals(java.util.Map.of("alice", 1), snapshot.members());

            try (LongConnClient bob =
                    LongConnClient.builder(Deployments.ws("token=user:bob")).build()) {
                bob.connect().join();
                bob.registerListener("presence.java", push -> {}).get(10, TimeUnit.SECONDS);
                PresenceView joined = await(views);
                assertEquals(new PresenceChange(PresenceChange.Kind.JOIN, "bob"), joined.change());
                assertEquals(java.util.Map.of("alice", 1, "bob", 1), joined.members());
                assertEquals(2, joined.users());
            }
            PresenceView left = await(views);
            assertEquals(new PresenceChange(PresenceChange.Kind.LEAVE, "bob"), left.change());
            assertEquals(java.util.Map.of("alice", 1), left.members());
            assertEquals(left, alice.presence("presence.java").orElseThrow());
        }
    }

    @Test
    void presenceIsForExactOpTypes() {
        assertThrows(IllegalArgumentException.class, () -> client.watchPresence("presence.*", view -> {}));
    }

    @Test
    void withCompressionTheClientReadsCompressedPushesAndSendsCompressedCalls() throws Exception {
        String text = "a line of text that repeats, ".repeat(150);
        double before = deflated();
        try (LongConnClient zipped =
                LongConnClient.builder(Deployments.ws(null)).compression(true).build()) {
            zipped.connect().join();
            BlockingQueue<ReceivedPush> pushes = new LinkedBlockingQueue<>();
            zipped.registerListener("zip.java", pushes::add).get(10, TimeUnit.SECONDS);

            // A 4.4 KB push, compressed by the gateway; read back intact.
            zipped.call("test.push", "{\"opType\":\"zip.java\",\"data\":{\"text\":\"" + text + "\"}}", WAIT)
                    .join();
            assertEquals(text, json(await(pushes).dataJson()).getString("text"));

            // A 4.4 KB call, compressed by the client: the gateway inflates it and echoes it.
            String echoed = zipped.call("test.echo", "{\"text\":\"" + text + "\"}", WAIT)
                    .join();
            assertEquals(text, json(echoed).getString("text"));
        }
        // The welcome, the answers, the push and the reply went compressed: the gateway counted them.
        assertTrue(deflated() >= before + 3, "compressed frames: " + (deflated() - before));
    }

    private static double deflated() throws Exception {
        java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://127.0.0.1:" + Deployments.port() + "/longconn/metrics"))
                                .header("Authorization", "Bearer " + ADMIN)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        return new PrometheusText(scrape.body()).value("longconn_frames_deflated_total");
    }
}
