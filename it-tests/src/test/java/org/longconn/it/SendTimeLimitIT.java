package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write that does not complete within {@code sendTimeLimitMs} closes its session as a slow
 * consumer even while the outbox has room: the outbox here is far larger than the flood, so only
 * the send-time limit can end the stalled session, and the server lets go of its connection
 * within the limit plus the grace period.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SendTimeLimitIT {

    private static final long LIMIT_MS = 1_500;
    private static final long GRACE_MS = 500;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("outboxMaxMessages=100000\noutboxMaxBytes=1073741824\nmaxFramesPerSecond=100000\n"
                + "sendTimeLimitMs=" + LIMIT_MS + "\ncloseGraceMs=" + GRACE_MS + "\n");
    }

    @Test
    void aWriteStuckPastTheLimitClosesTheSessionWith4001AndDropsItsConnection() throws Exception {
        try (RawWebSocket stalled = new RawWebSocket(Deployments.port(), "/longconn/ws");
                TestClient healthy = TestClient.connect(Deployments.ws(null))) {
            String stalledId = Json.createReader(new StringReader(stalled.readText()))
                    .readObject()
                    .getString("sessionId");
            stalled.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"stall\"]}");
            healthy.subscribe("stall");

            JsonValue close = JsonValue.NULL;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (close.getValueType() == JsonValue.ValueType.NULL) {
                assertTrue(System.nanoTime() < deadline, "the stalled session was not closed within 30 s");
                healthy.call("test.flood", "{\"opType\":\"stall\",\"count\":10,\"size\":65536}");
                for (int i = 0; i < 10; i++) {
                    healthy.awaitType("push");
                }
                close = healthy.call("test.closed", "{\"session\":\"" + stalledId + "\"}")
                        .get("data");
            }
            assertEquals(4001, close.asJsonObject().getInt("code"), close.toString());
            assertTrue(
                    close.asJsonObject().getString("reason").contains("write took over " + LIMIT_MS + " ms"),
                    "closed by the send-time limit, not by the outbox bounds: " + close);

            TcpStates.awaitServerLetGo(Deployments.port(), stalled.localPort(), GRACE_MS + 10_000);
        }
    }
}
