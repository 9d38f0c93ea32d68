package org.longconn.endpoint.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultSubscriptionIndexMatchingTest {

    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();

    private Set<String> find(String opType) {
        return Set.copyOf(index.find(opType));
    }

    @Test
    void exactSubscriptionIsFoundOnlyByItsOwnOpType() {
        index.register("s1", "order.created");
        index.register("s2", "order.created");
        index.register("s3", "order.deleted");

        assertEquals(Set.of("s1", "s2"), find("order.created"));
        assertEquals(Set.of("s3"), find("order.deleted"));
        assertEquals(Set.of(), find("order"));
        assertEquals(Set.of(), find("order.created.x"));
    }

    @Test
    void starMatchesExactlyOneSegment() {
        index.register("s1", "order.*");
        index.register("s2", "*.created");

        assertEquals(Set.of("s1", "s2"), find("order.created"));
        assertEquals(Set.of("s1"), find("order.deleted"));
        assertEquals(Set.of(), find("order"));
        assertEquals(Set.of(), find("order.a.b"));
        assertEquals(Set.of(), find("a.b.created"));
    }

    @Test
    void patternWithHashMatchesZeroOrMoreSegments() {
        index.register("s1", "order.#");

        assertEquals(Set.of("s1"), find("order"));
        assertEquals(Set.of("s1"), find("order.a"));
        assertEquals(Set.of("s1"), find("order.a.b"));
        assertEquals(Set.of(), find("orders"));
        assertEquals(Set.of(), find("user.order"));
    }

    @Test
    void hashInTheMiddleMatchesAnyRunOfSegments() {
        index.register("s1", "a.#.z");

        assertEquals(Set.of("s1"), find("a.z"));
        assertEquals(Set.of("s1"), find("a.b.z"));
        assertEquals(Set.of("s1"), find("a.b.c.z"));
        assertEquals(Set.of(), find("a.b"));
        assertEquals(Set.of(), find("a.z.b"));
    }

    @Test
    void hashAloneMatchesEverything() {
        index.register("all", "#");

        assertEquals(Set.of("all"), find("x"));
        assertEquals(Set.of("all"), find("order.created"));
        assertEquals(Set.of("all"), find("a.b.c.d.e"));
    }

    @Test
    void sessionSubscribedExactlyAndByPatternsIsFoundOnce() {
        index.register("s1", "order.created");
        index.register("s1", "order.*");
        index.register("s1", "order.#");
        index.register("s1", "#");

        Collection<String> found = index.find("order.created");
        List<String> asList = new ArrayList<>(found);

        assertEquals(List.of("s1"), asList);
    }

    @Test
    void patternsOnUnrelatedPrefixesAreNotReturned() {
        index.register("orders", "order.#");
        index.register("users", "user.*");
        index.register("chat", "chat.*.msg");
        index.register("exact", "billing.paid");

        assertEquals(Set.of("users"), find("user.login"));
        assertEquals(Set.of("chat"), find("chat.room1.msg"));
        assertEquals(Set.of(), find("billing.refunded"));
    }

    @Test
    void registeringTwiceReportsTheDuplicate() {
        assertTrue(index.register("s1", "order.*"));
        assertFalse(index.register("s1", "order.*"));
        assertEquals(1, index.subscriptionCount("s1"));
    }
}
