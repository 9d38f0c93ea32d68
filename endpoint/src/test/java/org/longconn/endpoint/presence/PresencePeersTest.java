package org.longconn.endpoint.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a node's table is asked for, again, and when a node is gone (times in ms, given by the test). */
class PresencePeersTest {

    private final PresencePeers peers = new PresencePeers(15_000, 5_000);

    @Test
    void aMissedMessageOwesTheTableUntilItComesAskedAgainEveryFewSeconds() {
        assertEquals(PresencePeers.Heard.KNOWN, peers.heard("a", 7, 0));
        assertEquals(PresencePeers.Verdict.APPLY, peers.changes("a", 1));
        assertEquals(PresencePeers.Verdict.APPLY_AND_ASK, peers.changes("a", 4));
        assertTrue(peers.ask("a", 0));
        assertFalse(peers.ask("a", 1_000), "a request under way");
        assertEquals(List.of(), peers.askAgain(4_999));
        assertEquals(List.of("a"), peers.askAgain(5_000), "the request or its answer was lost: again");
        assertEquals(List.of(), peers.askAgain(6_000));

        assertTrue(peers.table("a", 4));
        assertEquals(List.of(), peers.askAgain(20_000), "the table came: nothing owed");
        assertEquals(PresencePeers.Verdict.STALE, peers.changes("a", 3));
    }

    @Test
    void anAnnouncementAheadOfWhatWasAppliedOwesTheTable() {
        peers.heard("a", 7, 0);
        peers.changes("a", 1);
        assertFalse(peers.behind("a", 1));
        assertTrue(peers.behind("a", 2));
        assertTrue(peers.ask("a", 0));
        assertTrue(peers.behind("a", 2), "still owed while no table came");
    }

    @Test
    void aRunThatStoppedIsIgnoredForALeaseAndANewRunIsNot() {
        peers.heard("a", 7, 0);
        peers.stopped("a", 1_000);
        assertFalse(peers.knows("a"));
        assertEquals(PresencePeers.Heard.STOPPED, peers.heard("a", 7, 2_000), "what it sends while shutting down");
        assertFalse(peers.knows("a"));
        assertEquals(PresencePeers.Heard.KNOWN, peers.heard("a", 8, 3_000), "restarted: a new run");

        peers.expire(17_000);
        assertEquals(PresencePeers.Heard.KNOWN, peers.heard("b", 1, 17_000));
    }

    @Test
    void aNodeNotHeardFromWithinTheLeaseIsGoneAndANewRunReplacesTheOld() {
        peers.heard("a", 7, 0);
        peers.heard("b", 1, 10_000);
        assertEquals(List.of("a"), peers.expire(15_001));
        assertTrue(peers.knows("b"));
        assertEquals(PresencePeers.Heard.NEW_RUN, peers.heard("b", 2, 16_000));
        assertEquals(PresencePeers.Verdict.APPLY, peers.changes("b", 1), "numbers start again in a new run");
    }
}
