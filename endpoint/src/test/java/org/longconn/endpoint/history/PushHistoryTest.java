package org.longconn.endpoint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.endpoint.history.PushHistory.Appended;
import org.longconn.endpoint.history.PushHistory.Replay;
import org.longconn.endpoint.history.PushHistory.Resume;

class PushHistoryTest {

    private static final String E = "ep1";

    private final PushHistory<String> history = new PushHistory<>(3, 120_000, 1_000_000);
    private long seq;

    private void push(String opType) {
        push(opType, null, 0);
    }

    private void push(String opType, String user, long now) {
        seq++;
        assertEquals(
                Appended.NEW, history.append(opType, user, new Position(E, seq), opType + "#" + seq, 10, true, now));
    }

    private Replay<String> replay(String opType, long from) {
        return history.replay(List.of(new Resume(opType, E + "-" + from)), null, 100, Long.MAX_VALUE, 0);
    }

    @Test
    void replaysWhatCameAfterThePositionInOrder() {
        push("a.x");
        push("b.y");
        push("a.x");
        push("a.z");
        assertEquals(List.of("a.x#3"), replay("a.x", 1).frames());
        assertEquals(List.of("a.x#3", "a.z#4"), replay("a.*", 1).frames());
        assertEquals(List.of(), replay("a.x", 4).frames(), "nothing missed");
        assertEquals(new Position(E, 4), history.position());
    }

    @Test
    void overlappingSubscriptionsReplayEachPushOnce() {
        push("a.x");
        push("a.y");
        Replay<String> replay = history.replay(
                List.of(new Resume("a.x", E + "-0"), new Resume("a.#", E + "-0")), null, 100, Long.MAX_VALUE, 0);
        assertEquals(List.of("a.x#1", "a.y#2"), replay.frames());
    }

    @Test
    void userPushesAreReplayedOnlyToTheirUser() {
        push("inbox.new", "alice", 0);
        push("inbox.new", null, 0);
        assertEquals(
                List.of("inbox.new#1", "inbox.new#2"),
                history.replay(List.of(new Resume("inbox.new", E + "-0")), "alice", 100, Long.MAX_VALUE, 0)
                        .frames());
        assertEquals(
                List.of("inbox.new#2"),
                history.replay(List.of(new Resume("inbox.new", E + "-0")), "bob", 100, Long.MAX_VALUE, 0)
                        .frames());
    }

    @Test
    void aPositionOlderThanWhatAStreamStillHoldsIsNotRecovered() {
        for (int i = 0; i < 5; i++) {
            push("busy");
        }
        push("quiet");
        assertFalse(replay("busy", 1).recovered(), "busy.1 and busy.2 were evicted (3 per stream)");
        assertEquals(List.of("busy#3", "busy#4", "busy#5"), replay("busy", 2).frames());
        assertEquals(List.of("quiet#6"), replay("quiet", 0).frames(), "the quiet stream is complete");
        assertFalse(replay("#", 1).recovered(), "a pattern covering the busy stream is not");
    }

    @Test
    void pushesOlderThanTheMaximumAgeAreGone() {
        PushHistory<String> aging = new PushHistory<>(100, 1_000, 1_000_000);
        aging.append("a", null, new Position(E, 1), "old", 10, true, 0);
        aging.append("a", null, new Position(E, 2), "new", 10, true, 900);
        assertEquals(
                List.of("old", "new"),
                aging.replay(List.of(new Resume("a", E + "-0")), null, 100, Long.MAX_VALUE, 1_000)
                        .frames());
        Replay<String> later = aging.replay(List.of(new Resume("a", E + "-0")), null, 100, Long.MAX_VALUE, 1_500);
        assertFalse(later.recovered(), "push 1 expired");
        assertEquals(
                List.of("new"),
                aging.replay(List.of(new Resume("a", E + "-1")), null, 100, Long.MAX_VALUE, 1_500)
                        .frames());
        assertFalse(
                aging.replay(List.of(new Resume("a", E + "-1")), null, 100, Long.MAX_VALUE, 2_500)
                        .recovered(),
                "the whole stream expired: positions before its last eviction cannot be vouched for");
        assertTrue(aging.replay(List.of(new Resume("a", E + "-2")), null, 100, Long.MAX_VALUE, 2_500)
                .recovered());
    }

    @Test
    void anotherEpochABogusPositionOrAGapIsNotRecovered() {
        push("a");
        push("a");
        assertFalse(history.replay(List.of(new Resume("a", "other-1")), null, 100, Long.MAX_VALUE, 0)
                .recovered());
        assertFalse(history.replay(List.of(new Resume("a", "garbage")), null, 100, Long.MAX_VALUE, 0)
                .recovered());
        history.append("a", null, new Position(E, 10), "a#10", 10, true, 0); // 3..9 never arrived here
        assertFalse(replay("a", 2).recovered());
        assertEquals(List.of("a#10"), replay("a", 9).frames());
    }

    @Test
    void aNewEpochStartsAfresh() {
        push("a");
        history.append("a", null, new Position("ep2", 7), "a@ep2", 10, true, 0);
        assertFalse(replay("a", 0).recovered());
        assertEquals(
                List.of(),
                history.replay(List.of(new Resume("a", "ep2-7")), null, 100, Long.MAX_VALUE, 0)
                        .frames());
        assertFalse(
                history.replay(List.of(new Resume("a", "ep2-6")), null, 100, Long.MAX_VALUE, 0)
                        .recovered(),
                "the node joined epoch ep2 at 7");
        history.append("a", null, new Position("ep2", 8), "a@ep2#8", 10, true, 0);
        history.append("a", null, new Position(E, 2), "a#2", 10, true, 0); // epochs interleave (several brokers)
        assertFalse(replay("a", 1).recovered(), "what ep2 sent in between is unknown to a client of " + E);
    }

    @Test
    void aGapInTheSequenceOrAnotherEpochIsReportedWithThePushAfterIt() {
        assertEquals(Appended.NEW, history.append("a", null, new Position(E, 1), "a#1", 10, true, 0));
        assertEquals(Appended.NEW, history.append("a", null, new Position(E, 2), "a#2", 10, true, 0));
        assertEquals(Appended.AFTER_GAP, history.append("a", null, new Position(E, 5), "a#5", 10, true, 0));
        assertEquals(Appended.NEW, history.append("a", null, new Position(E, 6), "a#6", 10, true, 0));
        assertEquals(Appended.AFTER_GAP, history.append("a", null, new Position("ep2", 1), "a@ep2", 10, true, 0));
    }

    @Test
    void missedPushesRefuseResumesFromBeforeThemAndTheNextPushIsNoSecondGap() {
        push("a");
        push("a");
        history.missed(new Position(E, 9));
        assertTrue(replay("a", 9).recovered(), "nothing after 9 was missed so far");
        assertEquals(Appended.NEW, history.append("a", null, new Position(E, 10), "a#10", 10, true, 0));
        assertFalse(replay("a", 8).recovered(), "3 to 9 never reached this node");
        assertEquals(List.of("a#10"), replay("a", 9).frames());
        assertTrue(replay("a", 9).recovered());
    }

    @Test
    void missedPushesOfAnotherEpochGoOnFromThereAndForgetTheOldEpochsSequence() {
        for (int i = 0; i < 5; i++) {
            push("a");
        }
        history.missed(new Position("ep2", 3));
        assertEquals(new Position("ep2", 3), history.position());
        assertEquals(
                Appended.NEW,
                history.append("a", null, new Position("ep2", 4), "a@ep2#4", 10, true, 0),
                "the push after the missed ones is new, not a duplicate of the old epoch's 4");
        assertFalse(
                history.replay(List.of(new Resume("a", "ep2-2")), null, 100, Long.MAX_VALUE, 0)
                        .recovered(),
                "1 to 3 of ep2 never reached this node");
        assertEquals(
                List.of("a@ep2#4"),
                history.replay(List.of(new Resume("a", "ep2-3")), null, 100, Long.MAX_VALUE, 0)
                        .frames());
    }

    @Test
    void missedPushesOfAnUnknownEpochStartAfresh() {
        push("a");
        history.missed(PushHistory.NONE);
        assertEquals(PushHistory.NONE, history.position());
        assertEquals(Appended.NEW, history.append("a", null, new Position("ep2", 1), "a@ep2", 10, true, 0));
        assertTrue(
                history.replay(List.of(new Resume("a", "none-0")), null, 100, Long.MAX_VALUE, 0)
                        .recovered(),
                "the node saw ep2 from its first push");
    }

    @Test
    void redeliveriesAreDuplicatesAndSessionPushesOnlyAdvanceTheSequence() {
        push("a");
        assertEquals(Appended.DUPLICATE, history.append("a", null, new Position(E, 1), "again", 10, true, 0));
        assertEquals(Appended.NEW, history.append("a", null, new Position(E, 2), "to-session", 10, false, 0));
        assertEquals(List.of(), replay("a", 1).frames());
        assertEquals(new Position(E, 2), history.position());
    }

    @Test
    void eachResumedOpTypeIsRecoveredOrNotOnItsOwn() {
        for (int i = 0; i < 5; i++) {
            push("busy");
        }
        push("quiet");
        Replay<String> replay = history.replay(
                List.of(new Resume("busy", E + "-1"), new Resume("quiet", E + "-0")), null, 100, Long.MAX_VALUE, 0);
        assertFalse(replay.recovered("busy"));
        assertTrue(replay.recovered("quiet"));
        assertEquals(List.of("quiet#6"), replay.frames(), "only what the recovered one missed");
    }

    @Test
    void whatTheNodeMissedIsRefusedOnceItKnowsAndNotBefore() {
        push("a");
        push("a");
        // Off the bus, not yet back: the node answers from what it has; if it then learns of a gap,
        // its sessions are told (gap frames) and later resumes from before it are refused.
        assertEquals(List.of("a#2"), replay("a", 1).frames());
        history.missed(new Position(E, 5));
        assertFalse(replay("a", 2).recovered(), "3..5 went by unseen");
        history.append("a", null, new Position(E, 6), "a#6", 10, true, 0);
        assertEquals(List.of("a#6"), replay("a", 5).frames());
    }

    @Test
    void aReplayLargerThanTheByteBudgetIsNotRecovered() {
        push("a");
        push("a");
        assertTrue(history.replay(List.of(new Resume("a", E + "-0")), null, 100, 20, 0)
                .recovered());
        assertFalse(history.replay(List.of(new Resume("a", E + "-0")), null, 100, 19, 0)
                .recovered());
    }

    @Test
    void moreMissedPushesThanTheLimitIsNotRecovered() {
        PushHistory<String> big = new PushHistory<>(100, 120_000, 1_000_000);
        for (int i = 1; i <= 10; i++) {
            big.append("a", null, new Position(E, i), "a" + i, 10, true, 0);
        }
        assertTrue(big.replay(List.of(new Resume("a", E + "-0")), null, 10, Long.MAX_VALUE, 0)
                .recovered());
        assertFalse(big.replay(List.of(new Resume("a", E + "-0")), null, 9, Long.MAX_VALUE, 0)
                .recovered());
    }

    /** The bound holds at any publish rate: a flood of pushes over many opTypes. */
    @Test
    void memoryStaysWithinItsBoundUnderAFlood() {
        long maxBytes = 8L << 20;
        PushHistory<byte[]> flood = new PushHistory<>(1_000, 120_000, maxBytes);
        long before = usedHeapAfterGc();
        byte[] frame = new byte[200];
        for (int i = 1; i <= 2_000_000; i++) {
            // Mostly one hot opType, with a long tail of quiet ones that keep the order queue's head old.
            String opType = i % 4 == 0 ? "tail." + (i % 5_000) : "hot";
            flood.append(opType, null, new Position(E, i), frame.clone(), frame.length, true, 0);
            assertTrue(flood.bytes() <= maxBytes);
        }
        long retained = usedHeapAfterGc() - before;
        System.out.printf(
                "history flood: %d pushes held, %d bytes accounted, %d bytes of heap retained (bound %d)%n",
                flood.size(), flood.bytes(), retained, maxBytes);
        assertTrue(retained < 3 * maxBytes, "heap retained " + retained + " exceeds three times the bound " + maxBytes);
        assertTrue(flood.size() > 1_000, "it still holds recent pushes: " + flood.size());
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aPollPageIsCutAtItsLimitAndSaysWhereToGoOn() {
        for (int i = 0; i < 5; i++) {
            push("a.x");
            push("b.y");
        }
        List<Resume> from4 = List.of(new Resume("a.x", E + "-4"));
        PushHistory.Page<String> first = history.page(from4, null, 2, Long.MAX_VALUE, 0);
        assertEquals(List.of("a.x#5", "a.x#7"), first.frames(), "the oldest 2 of the 3 missed go out first");
        assertTrue(first.more());
        assertEquals(new Position(E, 7), first.through());

        PushHistory.Page<String> rest =
                history.page(List.of(new Resume("a.x", first.through().wire())), null, 2, Long.MAX_VALUE, 0);
        assertEquals(List.of("a.x#9"), rest.frames());
        assertFalse(rest.more());
        assertEquals(new Position(E, 10), rest.through(), "complete through the node's last push");
    }

    @Test
    void aClientThatGotItsPositionBeforeAnyPushResumesInAnEpochSeenFromItsStart() {
        push("a.x");
        assertEquals(
                List.of("a.x#1"),
                history.replay(List.of(new Resume("a.x", "none-0")), null, 100, Long.MAX_VALUE, 0)
                        .frames());

        PushHistory<String> late = new PushHistory<>(3, 120_000, 1_000_000);
        late.append("a.x", null, new Position(E, 7), "a.x#7", 10, true, 0);
        assertFalse(
                late.replay(List.of(new Resume("a.x", "none-0")), null, 100, Long.MAX_VALUE, 0)
                        .recovered(),
                "this node joined the epoch late: what came before its first push is unknown");
    }

    @Test
    void aPollPageHoldsAtLeastOnePushWhateverItsSize() {
        push("a.x");
        push("a.x");
        PushHistory.Page<String> page = history.page(List.of(new Resume("a.x", E + "-0")), null, 10, 1, 0);
        assertEquals(List.of("a.x#1"), page.frames());
        assertTrue(page.more());
        assertEquals(new Position(E, 1), page.through());
    }

    @Test
    void aPollPageReportsWhatCannotBeRecovered() {
        push("a.x");
        PushHistory.Page<String> page = history.page(
                List.of(new Resume("a.x", "other-0"), new Resume("a.*", E + "-0")), null, 10, Long.MAX_VALUE, 0);
        assertFalse(page.recovered("a.x"));
        assertTrue(page.recovered("a.*"));
        assertEquals(List.of("a.x#1"), page.frames());
        assertEquals(new Position(E, 1), page.through());
    }
}
