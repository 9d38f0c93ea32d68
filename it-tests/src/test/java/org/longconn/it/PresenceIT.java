package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence (PROTOCOL.md §18) across nodes of the chat example, which authenticates users by name
 * and serves the {@code Presence} bean as the {@code chat.members} call: a watcher on one node sees
 * users join and leave on another, the application's bean and events agree, and the members of a
 * node that crashes (SIGKILL) leave when its lease runs out.
 */
class PresenceIT {

    private static final String ROOM = "chat.room";
    private static final int BROKER_PORT = Integer.parseInt(System.getProperty("longconn.it.brokerPort"));
    private static final int PORT_A = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
    private static final int PORT_B = Integer.parseInt(System.getProperty("longconn.it.nodeBPort"));
    private static final int PORT_C = Integer.parseInt(System.getProperty("longconn.it.nodeCPort"));

    private static ServerProcess broker;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;

    @BeforeAll
    static void start() throws Exception {
        broker = ServerProcess.broker(BROKER_PORT).start();
        broker.awaitLog("longconn broker listening", 1);
        nodeA = node("a", PORT_A);
        nodeB = node("b", PORT_B);
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.closeAll(nodeA, nodeB, broker);
    }

    /** A node of the chat example on the shared broker, serving. */
    private static ServerProcess node(String id, int port) throws Exception {
        ServerProcess node = ServerProcess.application(
                        "presence-" + id,
                        System.getProperty("longconn.exampleChatWar"),
                        port,
                        false,
                        "-Dlongconn.brokerUrl=tcp://127.0.0.1:" + BROKER_PORT,
                        "-Dlongconn.nodeId=" + id)
                .start();
        node.awaitLog("connected to the broker at", 1);
        node.awaitPage(port, "/longconn/");
        return node;
    }

    private static TestClient user(int port, String name) throws Exception {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/longconn/ws?name=" + name));
    }

    /** Subscribes to the room watching its members; returns the snapshot that follows the answer. */
    private static JsonObject watch(TestClient client) throws InterruptedException {
        JsonObject answer = client.request(
                "subscribed",
                "{\"type\":\"subscribe\",\"opTypes\":[\"" + ROOM + "\"],\"presence\":[\"" + ROOM + "\"]}");
        JsonObject result = answer.getJsonArray("results").getJsonObject(0);
        assertTrue(result.getBoolean("ok") && result.getBoolean("presence"), result::toString);
        return client.awaitType("presence");
    }

    @Test
    void aWatcherOnOneNodeSeesUsersJoinAndLeaveOnAnother() throws Exception {
        try (TestClient alice = user(PORT_A, "alice")) {
            JsonObject snapshot = watch(alice);
            assertEquals(ROOM, snapshot.getString("opType"));
            assertTrue(snapshot.getJsonArray("members").stream()
                    .anyMatch(member -> member.asJsonObject().getString("user").equals("alice")));

            try (TestClient bob = user(PORT_B, "bob")) {
                bob.subscribe(ROOM);
                JsonObject join = alice.pollFrame("join", Duration.ofSeconds(10));
                assertNotNull(join, "alice saw bob join on the other node");
                assertEquals("bob", join.getString("user"));
                assertEquals(1, join.getInt("sessions"));

                // The application's Presence bean on node a lists both, from node a's table.
                JsonObject members = alice.call("chat.members", "null").getJsonObject("data");
                assertEquals(1, members.getInt("alice"));
                assertEquals(1, members.getInt("bob"));
            }
            JsonObject leave = alice.pollFrame("leave", Duration.ofSeconds(10));
            assertNotNull(leave, "alice saw bob leave when his session ended");
            assertEquals("bob", leave.getString("user"));
            // Node a fires the application's events for what it sees (the chat example logs them).
            nodeA.awaitLog("chat: bob joined chat.room", 1);
            nodeA.awaitLog("chat: bob left chat.room", 1);
        }
    }

    @Test
    void theMembersOfANodeThatCrashesLeaveWhenItsLeaseRunsOut() throws Exception {
        ServerProcess nodeC = node("c", PORT_C);
        TestClient closeLater = null;
        try (TestClient watcher = user(PORT_A, "watcher")) {
            watch(watcher);
            TestClient carol = user(PORT_C, "carol");
            closeLater = carol;
            carol.subscribe(ROOM);
            JsonObject join = watcher.pollFrame("join", Duration.ofSeconds(10));
            assertNotNull(join, "the watcher saw carol join on node c");
            assertEquals("carol", join.getString("user"));

            nodeC.kill();
            long killedAt = System.nanoTime();
            // The lease is 15 s (three missed announcements); the nodes look every second.
            JsonObject leave = watcher.pollFrame("leave", Duration.ofSeconds(25));
            assertNotNull(leave, "carol left within 25 s of her node's crash");
            assertEquals("carol", leave.getString("user"));
            long afterMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
            System.out.println("PresenceIT: carol left " + afterMs + " ms after node c was killed");
            assertTrue(afterMs >= 5_000, "not before the node could have missed an announcement: " + afterMs);
        } finally {
            if (closeLater != null) {
                closeLater.close();
            }
            nodeC.close();
        }
    }
}
