package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extension model as users apply it: examples/chat is an application's own WAR with the
 * gateway WAR as an overlay and its handlers beside it, deployed on its own in a separate JVM.
 */
class ExampleChatIT {

    private static int port;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        port = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
        server = ServerProcess.application("example-chat", System.getProperty("longconn.exampleChatWar"), port, false)
                .start();
        server.awaitPage(port, "/longconn/");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static URI chat(String name) {
        return URI.create("ws://127.0.0.1:" + port + "/longconn/ws" + (name == null ? "" : "?name=" + name));
    }

    @Test
    void theApplicationsHandshakeHookRefusesClientsWithoutAName() {
        AssertionError refused = assertThrows(AssertionError.class, () -> TestClient.connect(chat(null)));
        assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
    }

    @Test
    void linesSentByOneUserReachEveryoneInTheRoomAndTheHistory() throws Exception {
        try (TestClient alice = TestClient.connect(chat("alice"));
                TestClient bob = TestClient.connect(chat("bob"))) {
            assertEquals("alice", alice.welcome.getString("userId"));
            alice.subscribe("chat.room");
            bob.subscribe("chat.room");
            JsonObject denied = bob.subscribeRaw("news").getJsonArray("results").getJsonObject(0);
            assertFalse(denied.getBoolean("ok"));
            assertEquals("this chat serves chat.room only", denied.getString("message"));

            alice.send("{\"type\":\"message\",\"opType\":\"chat.send\",\"data\":{\"text\":\"hello bob\"}}");
            for (TestClient client : List.of(alice, bob)) {
                JsonObject line = client.awaitType("push").getJsonObject("data");
                assertEquals("alice", line.getString("from"));
                assertEquals("hello bob", line.getString("text"));
            }

            JsonArray history = bob.call("chat.history", "{}").getJsonArray("data");
            assertEquals("hello bob", history.getJsonObject(history.size() - 1).getString("text"));
        }
    }
}
