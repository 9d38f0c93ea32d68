package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client that stops reading is closed as a slow consumer while the others keep receiving. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowConsumerIT {

    private static final int ROUND = 20;
    private static final long DEADLINE_NANOS = 30_000_000_000L;
    private static final long GRACE_MS = 1_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // The healthy client drives the flood with two calls per round, far above the default rate.
        return Deployments.gateway(
                "outboxMaxMessages=64\noutboxMaxBytes=524288\nmaxFramesPerSecond=100000\ncloseGraceMs=" + GRACE_MS
                        + "\n");
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4001AndTheOthersGetEveryPush() throws Exception {
        try (RawWebSocket stalled = new RawWebSocket(Deployments.port(), "/longconn/ws");
                TestClient healthy = TestClient.connect(Deployments.ws(null))) {
            String stalledId = Json.createReader(new StringReader(stalled.readText()))
                    .readObject()
                    .getString("sessionId");
            stalled.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"flood\"]}");
            healthy.subscribe("flood");
            // The stalled client's subscription is processed before healthy's, which was answered.

            JsonValue close = JsonValue.NULL;
            int rounds = 0;
            JsonObject lastReply = null;
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            // Rounds of 20 pushes of 16 KiB: the healthy client reads each round before the next,
            // so only the stalled one falls behind, once the socket buffers between us are full.
            while (close.getValueType() == JsonValue.ValueType.NULL && System.nanoTime() < deadline) {
                healthy.call("test.flood", "{\"opType\":\"flood\",\"count\":" + ROUND + ",\"size\":16384}");
                for (int i = 0; i < ROUND; i++) {
                    JsonObject push = healthy.awaitType("push");
                    assertEquals(i, push.getJsonObject("data").getInt("seq"), "round " + rounds + " in order");
                }
                rounds++;
                lastReply = healthy.call("test.closed", "{\"session\":\"" + stalledId + "\"}");
                close = lastReply.get("data");
            }
            assertEquals(
                    JsonValue.ValueType.OBJECT,
                    close.getValueType(),
                    "stalled client " + stalledId + " not closed within 30 s; last answer " + lastReply);
            assertEquals(
                    4001,
                    close.asJsonObject().getInt("code"),
                    "stalled client closed after " + rounds + " rounds: " + close);

            // Its disconnect frame waits behind the bytes it does not read: after the grace period
            // the server drops the connection rather than hold it (and its buffers) for ever.
            TcpStates.awaitServerLetGo(Deployments.port(), stalled.localPort(), GRACE_MS + 10_000);
            healthy.call("test.push", "{\"opType\":\"flood\",\"data\":{\"seq\":-1}}");
            assertEquals(-1, healthy.awaitType("push").getJsonObject("data").getInt("seq"));
        }
    }
}
