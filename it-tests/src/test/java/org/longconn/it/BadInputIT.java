package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input gets a clear error, the session carries on, and no other client notices. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("maxFrameBytes=1024\nmaxSubscriptions=3\nmaxBadFrames=8\nmaxFramesPerSecond=20\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not json at all                                           | bad_json     |",
                "[1,2,3]                                                   | bad_json     |",
                "{\"id\":\"x1\"}                                            | bad_frame    | x1",
                "{\"type\":42}                                              | bad_frame    |",
                "{\"type\":\"teleport\",\"id\":\"x2\"}                      | unknown_type | x2",
                "{\"type\":\"subscribe\",\"id\":\"x3\"}                     | bad_frame    | x3",
                "{\"type\":\"subscribe\",\"id\":\"x4\",\"opTypes\":\"a\"}   | bad_frame    | x4",
                "{\"type\":\"subscribe\",\"id\":\"x5\",\"opTypes\":[1]}     | bad_frame    | x5",
                "{\"type\":\"subscribe\",\"opTypes\":[\"a\"]}               | bad_frame    |",
                "{\"type\":\"call\",\"id\":7,\"opType\":\"test.echo\"}      | bad_frame    |",
                "{\"type\":\"message\",\"data\":{}}                         | bad_frame    |",
                "{\"type\":\"message\",\"opType\":\"a..b\"}                 | invalid_op_type |",
                "{\"type\":\"message\",\"opType\":\"order.*\"}              | invalid_op_type |",
            })
    void badFrameGetsAnErrorWithItsCodeAndTheSessionCarriesOn(String frame, String code, String id) throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.send(frame.strip());
            JsonObject error = client.awaitType("error");
            assertEquals(code.strip(), error.getString("code"));
            assertFalse(error.getString("message").isBlank());
            assertEquals(id == null ? null : id.strip(), error.getString("id", null));
            assertEquals("ok", client.call("test.echo", "\"ok\"").getString("data"));
        }
    }

    @Test
    void callWithAnInvalidOpTypeIsAnsweredWithAFailedReply() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            JsonObject reply = client.call("bad op", "null");
            assertEquals("invalid_op_type", reply.getJsonObject("error").getString("code"));
        }
    }

    @Test
    void oversizeFramesAreRefusedWhateverTheirSizeAndTheSessionCarriesOn() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            assertEquals(1024, client.welcome.getInt("maxFrameBytes"));
            for (int size : new int[] {1025, 5_000, 300_000}) {
                client.send("{\"type\":\"message\",\"opType\":\"a\",\"data\":\"" + "x".repeat(size) + "\"}");
                assertEquals("frame_too_large", client.awaitType("error").getString("code"), size + " bytes");
            }
            assertEquals("ok", client.call("test.echo", "\"ok\"").getString("data"));
        }
    }

    @Test
    void binaryFramesThatAreNoMessageOrCallAreRefusedWithWhatToFix() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.socket()
                    .sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true)
                    .join();
            JsonObject error = client.awaitType("error");
            assertEquals("unknown_type", error.getString("code"));
            assertTrue(error.getString("message").contains("3 (message) or 4 (call)"), error::toString);
            client.sendBinary(4, "test.bytes", null, (byte) 1);
            assertEquals("bad_frame", client.awaitType("error").getString("code"), "a binary call needs an id");
            assertEquals("ok", client.call("test.echo", "\"ok\"").getString("data"));
        }
    }

    @Test
    void invalidAndSurplusSubscriptionsFailOneByOne() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            JsonObject answer = client.subscribeRaw("a", "b c", "x".repeat(200), "b", "c", "d");
            List<String> codes = answer.getJsonArray("results").stream()
                    .map(r -> r.asJsonObject().getBoolean("ok")
                            ? "ok"
                            : r.asJsonObject().getString("code"))
                    .toList();
            assertEquals(
                    List.of("ok", "invalid_op_type", "invalid_op_type", "ok", "ok", "too_many_subscriptions"), codes);
        }
    }

    @Test
    void aClientThatKeepsSendingGarbageIsClosedWithProtocolViolation() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            for (int i = 0; i < 9; i++) {
                client.send("garbage " + i);
            }
            JsonObject disconnect = client.awaitType("disconnect");
            assertEquals(4501, disconnect.getInt("code"));
            assertFalse(disconnect.getBoolean("reconnect"));
            assertEquals(4501, client.awaitClose(null).code());
        }
    }

    @Test
    void framesBeyondTheRateAreRefusedWithoutClosingTheSession() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            for (int i = 0; i < 60; i++) {
                client.send("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
            }
            int pongs = 0;
            int limited = 0;
            while (pongs + limited < 60) {
                JsonObject frame = client.nextJson();
                if (frame.getString("type").equals("pong")) {
                    pongs++;
                } else {
                    assertEquals("rate_limited", frame.getString("code"));
                    limited++;
                }
            }
            assertTrue(limited > 0, "some of 60 pings in a burst must exceed 20 per second");
            assertTrue(pongs >= 20, "the bucket's burst of 20 is answered");
        }
    }

    @Test
    void aMisbehavingClientDoesNotDisturbOthers() throws Exception {
        try (TestClient good = TestClient.connect(Deployments.ws(null));
                TestClient bad = TestClient.connect(Deployments.ws(null))) {
            good.subscribe("news");
            for (int i = 0; i < 9; i++) {
                bad.send("{not json");
            }
            assertEquals(4501, bad.awaitClose(null).code());
            good.call("test.push", "{\"opType\":\"news\",\"data\":1}");
            assertEquals(1, good.awaitType("push").getInt("data"));
        }
    }
}
