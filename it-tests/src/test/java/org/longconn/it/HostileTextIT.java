package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text that is not what it seems: characters outside the Basic Multilingual Plane where an error
 * message quotes or shortens them, and lone surrogates in a publisher's data. Each once silenced
 * sessions for good (a frame that could not be encoded held the one-writer outbox forever); now
 * every such frame is answered, every push delivered, and a bystander notices nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileTextIT {

    private static final String EMOJI = "\uD83D\uDE00";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("devPublishFromLoopback=true\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"type\":\"subscribe\",\"id\":\"s\",\"opTypes\":[\"chat." + EMOJI + "\"]}",
                "{\"type\":\"unsubscribe\",\"id\":\"u\",\"opTypes\":[\"chat." + EMOJI + "\"]}",
                "{\"type\":\"call\",\"id\":\"c\",\"opType\":\"chat." + EMOJI + "\",\"data\":1}",
                "{\"type\":\"message\",\"opType\":\"chat." + EMOJI + "\",\"data\":1}",
                // 76 characters, then an emoji across the 77-character cut of an unknown type's echo
                "{\"type\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + EMOJI
                        + "yyyyy\",\"id\":\"t\"}"
            })
    void aFrameWhoseAnswerQuotesAnEmojiIsAnsweredAndTheSessionCarriesOn(String frame) throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null));
                TestClient bystander = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("news");
            bystander.subscribe("news");
            client.send(frame);

            TestClient.Received answer = client.next();
            assertTrue(answer instanceof TestClient.Text, "an answer, not silence: " + answer);
            String text = ((TestClient.Text) answer).text();
            assertWellFormed(text);
            assertFalse(text.contains("\"ok\":true"), text);

            client.send("{\"type\":\"ping\",\"id\":\"p\"}");
            assertEquals("p", client.awaitType("pong").getString("id"));
            client.call("test.push", "{\"opType\":\"news\",\"data\":7}");
            assertEquals(7, client.awaitType("push").getInt("data"));
            assertEquals(7, bystander.awaitType("push").getInt("data"));
        }
    }

    @Test
    void aLoneSurrogateFromAPublisherIsCarriedAsItsEscapeOnEveryPath() throws Exception {
        try (TestClient subscriber = TestClient.connect(Deployments.ws(null));
                TestClient bystander = TestClient.connect(Deployments.ws(null))) {
            JsonObject subscribed = subscriber.subscribeRaw("lone.s");
            String before = subscribed.getJsonArray("results").getJsonObject(0).getString("position");
            bystander.subscribe("lone.s");

            // The JSON escape arrives as six ASCII characters; JSON-P turns it into half a character.
            HttpResponse<String> published = publish("{\"opType\":\"lone.s\",\"data\":{\"s\":\"\\ud83d\"}}");
            assertEquals(202, published.statusCode(), published.body());
            assertEquals(
                    202,
                    publish("{\"opType\":\"lone.s\",\"data\":{\"s\":\"after\"}}")
                            .statusCode());

            for (TestClient client : new TestClient[] {subscriber, bystander}) {
                String raw = rawPush(client);
                assertWellFormed(raw);
                assertTrue(raw.contains("\"s\":\"\\ud83d\""), "the escape as published: " + raw);
                assertEquals("\uD83D", json(raw).getJsonObject("data").getString("s"));
                assertEquals(
                        "after", client.awaitType("push").getJsonObject("data").getString("s"));
            }

            // Polling replays the same push from the history, with the same escape, not "?".
            HttpPoller.Answer replay = HttpPoller.at(Deployments.port()).poll(0, HttpPoller.sub("lone.s", before));
            assertEquals(200, replay.status(), replay.text());
            assertTrue(replay.text().contains("\"s\":\"\\ud83d\""), replay.text());
            assertWellFormed(replay.text());

            // A session resuming from before it gets it too, then goes on living.
            try (TestClient resumed = TestClient.connect(Deployments.ws(null))) {
                resumed.request(
                        "subscribed",
                        "{\"type\":\"subscribe\",\"opTypes\":[\"lone.s\"],\"positions\":{\"lone.s\":\"" + before
                                + "\"}}");
                assertEquals(
                        "\uD83D",
                        resumed.awaitType("push").getJsonObject("data").getString("s"));
                assertEquals(
                        "after", resumed.awaitType("push").getJsonObject("data").getString("s"));
                resumed.send("{\"type\":\"ping\",\"id\":\"r\"}");
                assertEquals("r", resumed.awaitType("pong").getString("id"));
            }
        }
    }

    private static String rawPush(TestClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            TestClient.Received received = client.next();
            if (received instanceof TestClient.Text text && text.text().contains("\"type\":\"push\"")) {
                return text.text();
            }
        }
        throw new AssertionError("no push within 10 s");
    }

    private static HttpResponse<String> publish(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + Deployments.port() + "/longconn/api/push"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Whether {@code text} has a UTF-8 form: no half of a surrogate pair. */
    private static void assertWellFormed(String text) {
        try {
            StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new AssertionError("not encodable as UTF-8: " + text, e);
        }
    }
}
