package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence between two nodes over a control channel the test delivers by hand: changes cross,
 * lost messages are recovered by asking for the table, and a node's members leave when it stops,
 * when its lease runs out, and when it comes back as a new run.
 */
class ClusterPresenceTest {

    private final ControlLine line = new ControlLine();
    private final InboundFixture a = node("node-a");
    private final InboundFixture b = node("node-b");

    private InboundFixture node(String id) {
        InboundFixture node = new InboundFixture(id, line.bus());
        line.attach(node.presence);
        return node;
    }

    @AfterEach
    void stopTimers() {
        a.presence.stop();
        b.presence.stop();
    }

    private static String subscribe(String opType) {
        return "{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"" + opType + "\"]}";
    }

    private InboundFixture.Client watcherOnB(String opType) {
        InboundFixture.Client watcher = b.open(null);
        watcher.send("{\"type\":\"subscribe\",\"id\":\"w\",\"opTypes\":[\"" + opType + "\"],\"presence\":[\"" + opType
                + "\"]}");
        return watcher;
    }

    private static JsonObject last(InboundFixture.Client client) {
        return InboundFixture.json(client.texts().get(client.texts().size() - 1));
    }

    @Test
    void aMemberOnOneNodeJoinsAndLeavesForTheWatchersOfTheOther() {
        InboundFixture.Client watcher = watcherOnB("room.1");
        InboundFixture.Client alice = a.open("alice");
        alice.send(subscribe("room.1"));
        line.deliverAll();

        assertEquals("join", last(watcher).getString("type"));
        assertEquals("alice", last(watcher).getString("user"));
        assertEquals(Map.of("alice", 1), b.presence.members("room.1"));

        a.handler.closed(alice.session, 1000, "bye");
        line.deliverAll();
        assertEquals("leave", last(watcher).getString("type"));
        assertEquals(Map.of(), b.presence.members("room.1"));
    }

    @Test
    void aNodeThatMissedAMessageAsksForTheTable() {
        a.open("alice").send(subscribe("room.1"));
        line.loseAll();
        a.open("bob").send(subscribe("room.2"));
        line.deliverAll(); // message 2 shows that 1 is missing: node b asks, node a sends its table

        assertEquals(Map.of("alice", 1), b.presence.members("room.1"));
        assertEquals(Map.of("bob", 1), b.presence.members("room.2"));
    }

    @Test
    void anAnnouncementShowsALostLastMessage() {
        a.open("alice").send(subscribe("room.1"));
        line.loseAll();
        b.presence.announced("node-a", a.presence.incarnation(), a.presence.lastSent());
        line.deliverAll();

        assertEquals(Map.of("alice", 1), b.presence.members("room.1"));
    }

    @Test
    void aStoppedNodesMembersLeaveAtOnce() {
        a.open("alice").send(subscribe("room.1"));
        line.deliverAll();
        InboundFixture.Client watcher = watcherOnB("room.1");
        assertEquals(1, last(watcher).getInt("users"));

        b.presence.nodeLeft("node-a");
        assertEquals("leave", last(watcher).getString("type"));
        assertEquals("alice", last(watcher).getString("user"));
    }

    @Test
    void aNodeSilentBeyondItsLeaseIsDroppedWithItsMembers() {
        b.presence.start(200);
        a.open("alice").send(subscribe("room.1"));
        line.deliverAll();
        InboundFixture.Client watcher = watcherOnB("room.1");
        assertEquals(1, last(watcher).getInt("users"));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // The leave is written after the tables changed, on the timer's thread: wait for the frame.
        while (!last(watcher).getString("type").equals("leave") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertEquals("leave", last(watcher).getString("type"));
        assertEquals("alice", last(watcher).getString("user"));
        assertEquals(Map.of(), b.presence.members("room.1"));
    }

    @Test
    void aNodeBackAsANewRunLosesWhatItHadBefore() {
        a.open("alice").send(subscribe("room.1"));
        line.deliverAll();
        InboundFixture.Client watcher = watcherOnB("room.1");

        InboundFixture restarted = node("node-a");
        restarted.open("bob").send(subscribe("room.1"));
        line.deliverAll();

        assertEquals(Map.of("bob", 1), b.presence.members("room.1"));
        List<String> seen = watcher.texts().stream()
                .map(InboundFixture::json)
                .filter(frame -> frame.getString("type").equals("join")
                        || frame.getString("type").equals("leave"))
                .map(frame -> frame.getString("type") + " " + frame.getString("user"))
                .toList();
        assertEquals(List.of("leave alice", "join bob"), seen);
        restarted.presence.stop();
    }

    @Test
    void manyChangesAtOnceReachAWatcherAsOneSnapshot() {
        for (int i = 0; i < 70; i++) {
            a.open("user" + i).send(subscribe("room.1"));
        }
        line.deliverAll();
        InboundFixture.Client watcher = watcherOnB("room.1");
        assertEquals(70, last(watcher).getInt("users"));
        int before = watcher.texts().size();

        b.presence.nodeLeft("node-a");
        assertEquals(before + 1, watcher.texts().size(), "one frame, not 70 leaves");
        assertEquals("presence", last(watcher).getString("type"));
        assertEquals(0, last(watcher).getInt("users"));
    }

    @Test
    void whatAStoppedNodeSendsWhileShuttingDownBringsNoMemberBack() {
        a.open("alice").send(subscribe("room.1"));
        line.deliverAll();
        b.presence.nodeLeft("node-a");
        assertEquals(Map.of(), b.presence.members("room.1"));

        a.open("bob").send(subscribe("room.1")); // a session still ending (or opening) meanwhile
        line.deliverAll();
        assertEquals(Map.of(), b.presence.members("room.1"));

        a.presence.stop();
        a.open("carol").send(subscribe("room.1"));
        assertEquals(List.of(), line.loseAll(), "a stopped node sends nothing");
    }
}
