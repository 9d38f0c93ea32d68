package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static URI withToken(String uri, String token) {
        return Tokens.withQueryParameter(URI.create(uri), "token", token);
    }

    @Test
    void aUriWithoutQueryGetsTheTokenAsItsQuery() {
        assertEquals(
                URI.create("ws://127.0.0.1:8080/longconn/ws?token=abc"),
                withToken("ws://127.0.0.1:8080/longconn/ws", "abc"));
    }

    @Test
    void anExistingTokenIsReplacedInItsPlaceAndTheOtherParametersStayAsTheyWere() {
        assertEquals(
                URI.create("wss://gw.example.com/longconn/ws?app=a%20b&token=new&lang=zh"),
                withToken("wss://gw.example.com/longconn/ws?app=a%20b&token=old&lang=zh", "new"));
    }

    @Test
    void furtherTokensOfTheSameNameGoAndOnlyTheFirstTakesTheValue() {
        assertEquals(
                URI.create("ws://h/ws?token=new&x=1"), withToken("ws://h/ws?token=one&x=1&token=two&token", "new"));
    }

    @Test
    void parametersWhoseNamesOnlyResembleTheTokensStay() {
        assertEquals(
                URI.create("ws://h/ws?token2=a&xtoken=b&tok=c&token=new"),
                withToken("ws://h/ws?token2=a&xtoken=b&tok=c", "new"));
    }

    @Test
    void anEncodedParameterNameIsComparedDecoded() {
        assertEquals(
                URI.create("ws://h/ws?access+token=new"),
                Tokens.withQueryParameter(URI.create("ws://h/ws?access%20token=old"), "access token", "new"));
    }

    @Test
    void theTokenIsFormEncodedSoThatTheServerDecodesItBack() {
        URI uri = withToken("ws://h/ws", "exp:alice:3000 +&=é");
        assertEquals("token=exp%3Aalice%3A3000+%2B%26%3D%C3%A9", uri.getRawQuery());
        assertEquals(
                "exp:alice:3000 +&=é",
                java.net.URLDecoder.decode(
                        uri.getRawQuery().substring("token=".length()), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyQueryIsReplacedByTheToken() {
        assertEquals(URI.create("ws://h:1/ws?token=t"), withToken("ws://h:1/ws?", "t"));
    }

    @Test
    void eachConnectUriAsksTheSupplierForANewToken() {
        AtomicInteger asked = new AtomicInteger();
        Tokens tokens = new Tokens(() -> CompletableFuture.completedFuture("t" + asked.incrementAndGet()), "key");
        URI node = URI.create("ws://h/ws?key=stale");
        assertEquals(URI.create("ws://h/ws?key=t1"), tokens.connectUri(node).join());
        assertEquals(URI.create("ws://h/ws?key=t2"), tokens.connectUri(node).join());
    }

    @Test
    void withoutASupplierNoTokensAreSupplied() {
        assertFalse(new Tokens(null, "token").supplied());
        assertTrue(new Tokens(() -> CompletableFuture.completedFuture("t"), "token").supplied());
    }

    @Test
    void aSupplierThatThrowsFailsTheTokenWithItsException() {
        IllegalStateException boom = new IllegalStateException("login service down");
        Throwable failure = failureOf(() -> {
            throw boom;
        });
        assertSame(boom, failure);
    }

    @Test
    void aFailedStageFailsTheToken() {
        IllegalStateException boom = new IllegalStateException("login refused");
        assertSame(boom, failureOf(() -> CompletableFuture.failedFuture(boom)));
    }

    @Test
    void aNullStageANullTokenAndAnEmptyTokenAreNoToken() {
        assertInstanceOf(IllegalStateException.class, failureOf(() -> null));
        assertInstanceOf(IllegalStateException.class, failureOf(() -> CompletableFuture.completedFuture(null)));
        assertInstanceOf(IllegalStateException.class, failureOf(() -> CompletableFuture.completedFuture("")));
    }

    @Test
    void aConnectUriWithoutTokenFails() {
        Tokens tokens = new Tokens(() -> CompletableFuture.failedFuture(new IllegalStateException("no")), "token");
        assertThrows(
                CompletionException.class,
                () -> tokens.connectUri(URI.create("ws://h/ws")).join());
    }

    /** What the token from {@code supplier} failed with. */
    private static Throwable failureOf(Supplier<CompletionStage<String>> supplier) {
        CompletionException failed = assertThrows(
                CompletionException.class,
                () -> new Tokens(supplier, "token").next().join());
        return failed.getCause();
    }
}
