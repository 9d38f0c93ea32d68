package org.longconn.endpoint.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultSubscriptionIndexBookkeepingTest {

    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();

    private Set<String> find(String opType) {
        return Set.copyOf(index.find(opType));
    }

    @Test
    void unregisterRemovesOnlyThatSessionsEntry() {
        index.register("s1", "order.created");
        index.register("s2", "order.created");
        index.register("s1", "order.*");
        index.register("s2", "order.*");

        assertTrue(index.unregister("s1", "order.created"));
        assertTrue(index.unregister("s1", "order.*"));

        assertEquals(Set.of("s2"), find("order.created"));
        assertEquals(Set.of("s2"), find("order.deleted"));
        assertEquals(0, index.subscriptionCount("s1"));
        assertEquals(2, index.subscriptionCount("s2"));
    }

    @Test
    void unregisterOfWhatIsNotHeldReportsFalse() {
        index.register("s1", "order.created");

        assertFalse(index.unregister("s1", "order.deleted"));
        assertFalse(index.unregister("s2", "order.created"));
        assertEquals(Set.of("s1"), find("order.created"));
    }

    @Test
    void lastUnregisterPrunesSoFindReturnsNothing() {
        index.register("s1", "order.created");
        index.register("s1", "order.#");
        index.register("s1", "a.*.c");

        index.unregister("s1", "order.created");
        index.unregister("s1", "order.#");
        index.unregister("s1", "a.*.c");

        assertTrue(index.find("order.created").isEmpty());
        assertTrue(index.find("order").isEmpty());
        assertTrue(index.find("a.b.c").isEmpty());
    }

    @Test
    void unregisterAllRemovesEverySubscriptionOfOneSessionOnly() {
        index.register("s1", "order.created");
        index.register("s1", "order.#");
        index.register("s1", "user.*");
        index.register("s2", "order.created");
        index.register("s2", "user.*");

        index.unregisterAll("s1");

        assertEquals(Set.of("s2"), find("order.created"));
        assertEquals(Set.of("s2"), find("user.login"));
        assertEquals(Set.of(), find("order.deleted"));
        assertEquals(0, index.subscriptionCount("s1"));
        assertFalse(index.holds("s1", "order.#"));
        assertEquals(2, index.subscriptionCount("s2"));
    }

    @Test
    void unregisterAllOfTheOnlySessionLeavesNothingToFind() {
        index.register("s1", "order.created");
        index.register("s1", "#");

        index.unregisterAll("s1");
        index.unregisterAll("s1");

        assertTrue(index.find("order.created").isEmpty());
        assertTrue(index.find("anything").isEmpty());
    }

    @Test
    void holdsComparesSubscriptionsAsWritten() {
        index.register("s1", "order.*");
        index.register("s1", "user.login");

        assertTrue(index.holds("s1", "order.*"));
        assertTrue(index.holds("s1", "user.login"));
        assertFalse(index.holds("s1", "order.created"));
        assertFalse(index.holds("s1", "order.#"));
        assertFalse(index.holds("s2", "order.*"));
    }

    @Test
    void isSubscribedAnswersForExactOpTypesDirectlyOrByPattern() {
        index.register("s1", "order.*");
        index.register("s1", "user.login");
        index.register("s2", "chat.#");

        assertTrue(index.isSubscribed("s1", "order.created"));
        assertTrue(index.isSubscribed("s1", "user.login"));
        assertFalse(index.isSubscribed("s1", "order.a.b"));
        assertFalse(index.isSubscribed("s1", "user.logout"));
        assertTrue(index.isSubscribed("s2", "chat"));
        assertTrue(index.isSubscribed("s2", "chat.room.msg"));
        assertFalse(index.isSubscribed("unknown", "chat"));
    }

    @Test
    void subscriptionCountCountsExactAndPatternSubscriptions() {
        assertEquals(0, index.subscriptionCount("s1"));

        index.register("s1", "a.b");
        index.register("s1", "a.*");
        index.register("s1", "a.*");

        assertEquals(2, index.subscriptionCount("s1"));
    }
}
