package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /longconn/api/push: delivery through the bus, the shared secret, and bad bodies. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PublishApiIT {

    private static final String SECRET = "s3cret";
    private static final int MAX_PUBLISH_BYTES = 4096;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("publishSecret=" + SECRET + "\nmaxPublishBytes=" + MAX_PUBLISH_BYTES + "\n");
    }

    private static HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + Deployments.port() + "/longconn/api/push"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Test
    void anAuthorizedPublishIsDeliveredToSubscribers() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("order.#");
            HttpResponse<String> response =
                    post("Bearer " + SECRET, "{\"opType\":\"order.created\",\"data\":{\"id\":42}}");
            assertEquals(202, response.statusCode(), response.body());
            assertTrue(json(response).getBoolean("accepted"));
            JsonObject push = client.awaitType("push");
            assertEquals("order.created", push.getString("opType"));
            assertEquals(42, push.getJsonObject("data").getInt("id"));
        }
    }

    @Test
    void aBinaryPublishArrivesAsABinaryFrame() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("file.chunk");
            assertEquals(
                    202,
                    post("Bearer " + SECRET, "{\"opType\":\"file.chunk\",\"binaryBase64\":\"AAEC\"}")
                            .statusCode());
            TestClient.Received received;
            do {
                received = client.next();
            } while (!(received instanceof TestClient.Binary));
            byte[] frame = ((TestClient.Binary) received).bytes();
            assertEquals(2, frame[frame.length - 1], "the last payload byte of AAEC (0, 1, 2)");
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndLaterPublishesGoThrough() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("big.one");
            String prefix = "{\"opType\":\"big.one\",\"data\":\"";
            String atLimit = prefix + "x".repeat(MAX_PUBLISH_BYTES - prefix.length() - 2) + "\"}";
            String overLimit = prefix + "x".repeat(4 * MAX_PUBLISH_BYTES) + "\"}";

            HttpResponse<String> refused = post("Bearer " + SECRET, overLimit);
            assertEquals(413, refused.statusCode(), refused.body());
            assertEquals("too_large", json(refused).getString("error"));
            assertTrue(json(refused).getString("message").contains("maxPublishBytes"), refused.body());

            assertEquals(MAX_PUBLISH_BYTES, atLimit.length());
            assertEquals(202, post("Bearer " + SECRET, atLimit).statusCode());
            assertEquals(
                    MAX_PUBLISH_BYTES - prefix.length() - 2,
                    client.awaitType("push").getString("data").length());
        }
    }

    @Test
    void aMissingOrWrongSecretIs401() throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong", SECRET}) {
            HttpResponse<String> response = post(authorization, "{\"opType\":\"a\",\"data\":1}");
            assertEquals(401, response.statusCode(), String.valueOf(authorization));
            assertEquals("unauthorized", json(response).getString("error"));
            assertTrue(
                    response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
    }

    @Test
    void aBadBodyIs400WithWhatToFix() throws Exception {
        HttpResponse<String> response = post("Bearer " + SECRET, "{\"opType\":\"a..b\",\"data\":1}");
        assertEquals(400, response.statusCode());
        assertEquals("bad_request", json(response).getString("error"));
        assertTrue(json(response).getString("message").contains("empty segment"), response.body());

        response = post("Bearer " + SECRET, "{\"opType\":\"a\"}");
        assertEquals(400, response.statusCode());
        assertTrue(json(response).getString("message").contains("missing field 'data'"), response.body());
    }

    @Test
    void aBatchIsPublishedInOrderWithOneAnswerPerPush() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            client.subscribe("batch.#");
            HttpResponse<String> response = post(
                    "Bearer " + SECRET,
                    "[{\"opType\":\"batch.one\",\"data\":1},{\"opType\":\"batch.bad\"},"
                            + "{\"opType\":\"batch.two\",\"data\":2},7]");
            assertEquals(200, response.statusCode(), response.body());
            JsonArray answers =
                    Json.createReader(new StringReader(response.body())).readArray();
            assertEquals(4, answers.size(), response.body());
            assertEquals(202, answers.getJsonObject(0).getInt("status"));
            assertTrue(answers.getJsonObject(0).getBoolean("accepted"));
            assertEquals(400, answers.getJsonObject(1).getInt("status"));
            assertTrue(answers.getJsonObject(1).getString("message").contains("missing field 'data'"));
            assertEquals(202, answers.getJsonObject(2).getInt("status"));
            assertEquals(400, answers.getJsonObject(3).getInt("status"));
            assertTrue(answers.getJsonObject(3).getString("message").contains("must be a JSON object"));

            // The good ones, in the batch's order; nothing of the bad ones.
            JsonObject first = client.awaitType("push");
            assertEquals("batch.one", first.getString("opType"));
            JsonObject second = client.awaitType("push");
            assertEquals("batch.two", second.getString("opType"));
        }
    }

    @Test
    void anEmptyOrOversizedBatchIs400() throws Exception {
        HttpResponse<String> empty = post("Bearer " + SECRET, "[]");
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(json(empty).getString("message").contains("array of 1 to"), empty.body());
        HttpResponse<String> scalar = post("Bearer " + SECRET, "42");
        assertEquals(400, scalar.statusCode(), scalar.body());
        assertTrue(json(scalar).getString("message").contains("an array of them"), scalar.body());
    }
}
