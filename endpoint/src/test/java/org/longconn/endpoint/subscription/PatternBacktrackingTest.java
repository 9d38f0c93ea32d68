package org.longconn.endpoint.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.longconn.api.OpTypes;

/**
 * A client may subscribe to any valid pattern of up to 128 characters, such as 61 {@code #}
 * segments and a literal. Matching it must stay polynomial: before memoization, one push with a
 * 6-segment opType took about 15 seconds of a fan-out thread, and each further segment multiplied
 * that. The bound below is thousands of times what the memoized walk needs.
 */
class PatternBacktrackingTest {

    private static final String MANY_HASHES = "#" + ".#".repeat(60) + ".z";
    private static final String LONG_OP_TYPE = "a" + ".a".repeat(39);
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void findWithManyHashSegmentsStaysFast() {
        DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
        index.register("s1", MANY_HASHES);

        assertTimeoutPreemptively(BOUND, () -> {
            assertTrue(index.find(LONG_OP_TYPE).isEmpty());
            assertEquals(Set.of("s1"), Set.copyOf(index.find(LONG_OP_TYPE + ".z")));
            assertEquals(Set.of("s1"), Set.copyOf(index.find("z")));
        });
    }

    @Test
    void isSubscribedWithManyHashSegmentsStaysFast() {
        DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
        index.register("s1", MANY_HASHES);

        assertTimeoutPreemptively(BOUND, () -> {
            assertFalse(index.isSubscribed("s1", LONG_OP_TYPE));
            assertTrue(index.isSubscribed("s1", LONG_OP_TYPE + ".z"));
        });
    }

    @Test
    void alternatingHashesAndLiteralsStayFast() {
        DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
        index.register("s1", "#.a" + ".#.a".repeat(19) + ".b");

        assertTimeoutPreemptively(BOUND, () -> {
            assertTrue(index.find(LONG_OP_TYPE).isEmpty());
            assertFalse(index.isSubscribed("s1", LONG_OP_TYPE));
            assertTrue(index.isSubscribed("s1", LONG_OP_TYPE + ".b"));
        });
    }

    @Test
    void matcherAndTrieAgreeOnHashPatterns() {
        String[] patterns = {"#", "#.#", "a.#.#.b", "#.a.#", "*.#", "#.*", "a.#.*.c", "#.b.#.b"};
        String[] opTypes = {"a", "b", "a.b", "a.b.c", "b.b", "a.x.b", "x.b.y.b.z", "a.c", "c"};
        for (String pattern : patterns) {
            DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
            index.register("s", pattern);
            for (String opType : opTypes) {
                boolean viaTrie = index.find(opType).contains("s");
                assertEquals(OpTypes.matches(pattern, opType), viaTrie, pattern + " vs " + opType);
                assertEquals(viaTrie, index.isSubscribed("s", opType), pattern + " vs " + opType);
            }
        }
    }

    @Test
    void matcherFollowsArtemisWildcardRules() {
        assertTrue(OpTypes.matches("a.#.#.b", "a.b"));
        assertTrue(OpTypes.matches("#.*", "a"));
        assertTrue(OpTypes.matches("#.b.#.b", "x.b.y.b"));
        assertFalse(OpTypes.matches("#.b.#.b", "x.b.y.b.z"));
        assertFalse(OpTypes.matches("#.b.#.b", "x.b.y"));
        assertTrue(OpTypes.matches("a.#.*.c", "a.x.c"));
        assertFalse(OpTypes.matches("a.#.*.c", "a.c"));
    }
}
