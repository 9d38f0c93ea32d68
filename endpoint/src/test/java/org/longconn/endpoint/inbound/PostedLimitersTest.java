package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PostedLimitersTest {

    @Test
    void aClientIsItsUserElseItsIdAtItsAddressElseItsAddress() {
        assertEquals("user:alice", PostedLimiters.clientKey("alice", "sdk-1", "10.0.0.1"));
        assertEquals("client:10.0.0.1/sdk-1", PostedLimiters.clientKey(null, "sdk-1", "10.0.0.1"));
        assertEquals("address:10.0.0.1", PostedLimiters.clientKey(null, null, "10.0.0.1"));
        assertEquals("address:10.0.0.1", PostedLimiters.clientKey(null, "", "10.0.0.1"));
        assertEquals(
                "address:10.0.0.1",
                PostedLimiters.clientKey(null, "x".repeat(PostedLimiters.MAX_CLIENT_ID_LENGTH + 1), "10.0.0.1"),
                "an id too long to keep");
    }

    @Test
    void oneLimiterPerClientAndTheLeastRecentlySeenAreForgottenPastTheCap() {
        PostedLimiters limiters = new PostedLimiters(10, 3);
        assertSame(limiters.of("user:alice", 0), limiters.of("user:alice", 1));
        assertNotSame(limiters.of("user:alice", 0), limiters.of("user:bob", 0));
        for (int i = 0; i < PostedLimiters.MAX_CLIENTS + 5; i++) {
            limiters.of("address:" + i, 0);
        }
        assertEquals(PostedLimiters.MAX_CLIENTS, limiters.size());
    }
}
