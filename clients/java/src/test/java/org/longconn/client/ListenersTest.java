package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenersTest {

    private final Listeners listeners = new Listeners();
    private final Consumer<ReceivedPush> first = push -> {};
    private final Consumer<ReceivedPush> second = push -> {};

    @Test
    void onlyTheFirstListenerOfAnOpTypeSubscribesAndOnlyTheLastUnsubscribes() {
        assertTrue(listeners.add("order.#", first));
        assertFalse(listeners.add("order.#", second));
        assertFalse(listeners.remove("order.#", first));
        assertTrue(listeners.remove("order.#", second));
        assertEquals(List.of(), listeners.opTypes());
    }

    @Test
    void removingWithoutAListenerRemovesAllOfThatOpTypeOnly() {
        listeners.add("a", first);
        listeners.add("a", second);
        listeners.add("b", first);
        assertTrue(listeners.removeAll("a"));
        assertFalse(listeners.removeAll("a"));
        assertEquals(List.of("b"), listeners.opTypes());
    }

    @Test
    void removingAListenerThatIsNotThereChangesNothing() {
        listeners.add("a", first);
        assertFalse(listeners.remove("a", second));
        assertFalse(listeners.remove("zzz", first));
        assertEquals(1, listeners.count("a"));
    }

    @Test
    void pushesReachListenersOfMatchingPatternsAndOfTheExactOpType() {
        listeners.add("order.created", first);
        listeners.add("order.*", second);
        listeners.add("chat.#", first);
        assertEquals(List.of(first, second), listeners.matching("order.created"));
        assertEquals(List.of(second), listeners.matching("order.shipped"));
        assertEquals(List.of(first), listeners.matching("chat"));
    }
}
