package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final long EXPIRY = 1_718_000_060_000L;
    private static final long LATER = 1_718_003_600_000L;

    /** The tokens the supplier gives, in turn; a test adds them before it asks. */
    private final Queue<CompletionStage<String>> supplied = new ArrayDeque<>();

    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> sent = new ArrayList<>();
    private final List<RefreshFailure> failures = new ArrayList<>();
    private WebSocket open = new FakeSocket();

    private final Expiry expiry = expiry(new Tokens(
            () -> {
                asked.incrementAndGet();
                return supplied.remove();
            },
            "token"));

    private Expiry expiry(Tokens tokens) {
        return new Expiry(
                tokens,
                () -> "r" + ids.incrementAndGet(),
                (socket, frame) -> {
                    if (socket != open) {
                        return false;
                    }
                    sent.add(frame);
                    return true;
                },
                failures::add);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject welcome(Long expiresAt) {
        var frame = Json.createObjectBuilder().add("type", "welcome").add("sessionId", "s1");
        if (expiresAt != null) {
            frame.add("expiresAt", expiresAt);
        }
        return frame.build();
    }

    private static JsonObject refreshRequired(long expiresAt) {
        return json("{\"type\":\"refresh_required\",\"expiresAt\":" + expiresAt + "}");
    }

    private static JsonObject refusal(String id) {
        return json(
                "{\"type\":\"error\",\"id\":\"" + id + "\",\"code\":\"refresh_denied\",\"message\":\"token expired\"}");
    }

    @Test
    void theExpiryIsTheWelcomesAndASessionWithoutOneHasNone() {
        assertEquals(Optional.empty(), expiry.expiresAt(), "before any session");
        expiry.started(open, welcome(EXPIRY));
        assertEquals(Optional.of(Instant.ofEpochMilli(EXPIRY)), expiry.expiresAt());
        expiry.started(new FakeSocket(), welcome(null));
        assertEquals(Optional.empty(), expiry.expiresAt(), "the next session's credentials do not expire");
    }

    @Test
    void aRefreshRequiredSendsARefreshWithANewTokenOnTheSession() {
        expiry.started(open, welcome(EXPIRY));
        supplied.add(CompletableFuture.completedFuture("eyJ.new"));
        expiry.required(refreshRequired(EXPIRY));
        assertEquals(List.of("{\"type\":\"refresh\",\"id\":\"r1\",\"token\":\"eyJ.new\"}"), sent);
        assertTrue(failures.isEmpty());
    }

    @Test
    void refreshedMovesTheExpiryAndTheNextRefreshRequiredIsAnsweredAgain() {
        expiry.started(open, welcome(EXPIRY));
        supplied.add(CompletableFuture.completedFuture("first"));
        expiry.required(refreshRequired(EXPIRY));
        expiry.refreshed(json("{\"type\":\"refreshed\",\"id\":\"r1\",\"expiresAt\":" + LATER + "}"));
        assertEquals(Optional.of(Instant.ofEpochMilli(LATER)), expiry.expiresAt());

        supplied.add(CompletableFuture.completedFuture("second"));
        expiry.required(refreshRequired(LATER));
        assertEquals(2, sent.size());
        assertEquals(json("{\"type\":\"refresh\",\"id\":\"r2\",\"token\":\"second\"}"), json(sent.get(1)));
    }

    @Test
    void aRefusedRefreshIsReportedOnceAndNotRetried() {
        expiry.started(open, welcome(EXPIRY));
        supplied.add(CompletableFuture.completedFuture("stale"));
        expiry.required(refreshRequired(EXPIRY));

        assertTrue(expiry.refused(refusal("r1")));
        assertEquals(List.of(new RefreshFailure("refresh_denied", "token expired", null)), failures);
        assertFalse(expiry.refused(refusal("r1")), "answered already");
        assertEquals(1, failures.size());
        assertEquals(1, sent.size(), "no second refresh");
        assertEquals(1, asked.get());
        assertEquals(Optional.of(Instant.ofEpochMilli(EXPIRY)), expiry.expiresAt(), "a refusal changes nothing");
    }

    @Test
    void errorsAboutOtherFramesAreNotTheRefreshs() {
        expiry.started(open, welcome(EXPIRY));
        supplied.add(new CompletableFuture<>());
        expiry.required(refreshRequired(EXPIRY));
        assertFalse(expiry.refused(refusal("c1")));
        assertFalse(expiry.refused(json("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\"}")));
        assertTrue(failures.isEmpty());
    }

    @Test
    void aSupplierThatFailsIsReportedAsNoTokenWithItsFailureAndNothingIsSent() {
        expiry.started(open, welcome(EXPIRY));
        IllegalStateException boom = new IllegalStateException("login service down");
        supplied.add(CompletableFuture.failedFuture(boom));
        expiry.required(refreshRequired(EXPIRY));
        assertEquals(List.of(), sent);
        assertEquals(1, failures.size());
        assertEquals(RefreshFailure.TOKEN_UNAVAILABLE, failures.get(0).code());
        assertSame(boom, failures.get(0).cause());
    }

    @Test
    void withoutASupplierRefreshRequiredIsNotAnsweredButItsExpiryIsKept() {
        Expiry unsupplied = expiry(new Tokens(null, "token"));
        unsupplied.started(open, welcome(null));
        unsupplied.required(refreshRequired(EXPIRY));
        assertEquals(List.of(), sent);
        assertTrue(failures.isEmpty());
        assertEquals(Optional.of(Instant.ofEpochMilli(EXPIRY)), unsupplied.expiresAt());
    }

    @Test
    void aRefreshRequiredWhileARefreshIsUnderWaySendsNoSecond() {
        expiry.started(open, welcome(EXPIRY));
        CompletableFuture<String> token = new CompletableFuture<>();
        supplied.add(token);
        expiry.required(refreshRequired(EXPIRY));
        expiry.required(refreshRequired(EXPIRY));
        assertEquals(1, asked.get());
        token.complete("late");
        assertEquals(1, sent.size());
    }

    @Test
    void aTokenThatComesAfterItsSessionEndedIsNotSentAndTheNextSessionRefreshesAnew() {
        expiry.started(open, welcome(EXPIRY));
        CompletableFuture<String> token = new CompletableFuture<>();
        supplied.add(token);
        expiry.required(refreshRequired(EXPIRY));

        open = new FakeSocket(); // the session ended and the client reconnected
        expiry.started(open, welcome(LATER));
        token.complete("for the old session");
        assertEquals(List.of(), sent);

        supplied.add(CompletableFuture.completedFuture("for the new one"));
        expiry.required(refreshRequired(LATER));
        assertEquals(List.of("{\"type\":\"refresh\",\"id\":\"r2\",\"token\":\"for the new one\"}"), sent);
    }

    @Test
    void aSupplierFailureAfterItsSessionEndedIsNotReported() {
        expiry.started(open, welcome(EXPIRY));
        CompletableFuture<String> token = new CompletableFuture<>();
        supplied.add(token);
        expiry.required(refreshRequired(EXPIRY));
        expiry.started(new FakeSocket(), welcome(LATER));
        token.completeExceptionally(new IllegalStateException("too late to matter"));
        assertTrue(failures.isEmpty());
    }

    @Test
    void aListenerThatThrowsStopsNothing() {
        List<String> out = new ArrayList<>();
        Expiry throwing = new Expiry(
                new Tokens(() -> CompletableFuture.completedFuture("t"), "token"),
                () -> "r" + ids.incrementAndGet(),
                (socket, frame) -> out.add(frame),
                failure -> {
                    throw new IllegalStateException("app bug");
                });
        throwing.started(open, welcome(EXPIRY));
        throwing.required(refreshRequired(EXPIRY));
        assertTrue(throwing.refused(refusal("r1")));
        throwing.required(refreshRequired(EXPIRY));
        assertEquals(2, out.size(), "the next refresh_required is answered");
    }
}
