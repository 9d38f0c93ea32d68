package org.longconn.endpoint.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlMessageTest {

    @Test
    void everyKindComesBackAsItWent() {
        for (ControlMessage message : List.of(
                new ControlMessage.Announce("a", 3, 7, 1_700_000_000_000L),
                new ControlMessage.Leave("b"),
                new ControlMessage.Request(
                        "r1", "a", ClusterControl.DISCONNECT_USER, "alice", 4601, "banned \"x\"", false),
                new ControlMessage.Reply("r1", "a", "b", 2))) {
            assertEquals(message, ControlMessage.parse(message.json()));
        }
    }

    @Test
    void whatIsNotAControlMessageIsRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.parse("{\"kind\":\"gossip\"}"));
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.parse("{\"kind\":\"leave\"}"));
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.parse("not json"));
    }

    @Test
    void aNodeThatStopsAnnouncingExpiresAndOneThatLeavesGoesAtOnce() {
        ClusterNodes nodes = new ClusterNodes(15_000);
        nodes.announced(new ControlMessage.Announce("a", 1, 0, 0), 1_000);
        nodes.announced(new ControlMessage.Announce("b", 2, 0, 0), 1_000);
        nodes.announced(new ControlMessage.Announce("c", 0, 0, 0), 1_000);
        assertEquals(List.of("a", "b", "c"), ids(nodes, 2_000));
        nodes.left("c");
        nodes.announced(new ControlMessage.Announce("a", 1, 0, 0), 14_000);
        assertEquals(List.of("a", "b"), ids(nodes, 15_000));
        assertEquals(List.of("a"), ids(nodes, 16_001));
    }

    private static List<String> ids(ClusterNodes nodes, long now) {
        return nodes.alive(now).stream().map(ClusterNode::id).toList();
    }
}
