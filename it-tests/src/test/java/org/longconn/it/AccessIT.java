package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may open a session and who may publish, on a gateway configured as shipped: no publish
 * secret (so the HTTP publish API is closed) and one allowed foreign origin pattern.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("allowedOrigins=https://*.partner.example\n");
    }

    private static String origin(String value) {
        return "Origin: " + value + "\r\n";
    }

    private static RawWebSocket open(String extraHeaders) throws IOException {
        return new RawWebSocket(Deployments.port(), "/longconn/ws", extraHeaders);
    }

    private static void assertWelcomed(RawWebSocket socket) throws IOException {
        JsonObject welcome =
                Json.createReader(new StringReader(socket.readText())).readObject();
        assertEquals("welcome", welcome.getString("type"));
    }

    @Test
    void aBrowserPageOfAnotherSiteIsRefusedWith403() throws Exception {
        IOException refused = assertThrows(
                IOException.class, () -> open(origin("https://evil.example")).close());
        assertTrue(refused.getMessage().contains(" 403"), refused.getMessage());
        // The same with a look-alike of the gateway's own host on another port, and a sandboxed page.
        IOException otherPort = assertThrows(
                IOException.class, () -> open(origin("http://127.0.0.1:1")).close());
        assertTrue(otherPort.getMessage().contains(" 403"), otherPort.getMessage());
        IOException sandboxed =
                assertThrows(IOException.class, () -> open(origin("null")).close());
        assertTrue(sandboxed.getMessage().contains(" 403"), sandboxed.getMessage());
    }

    @Test
    void theGatewaysOwnPagesAllowedOriginsAndNativeClientsAreWelcome() throws Exception {
        try (RawWebSocket sameOrigin = open(origin("http://127.0.0.1:" + Deployments.port()));
                RawWebSocket partner = open(origin("https://app.partner.example"));
                RawWebSocket nativeClient = open("")) {
            assertWelcomed(sameOrigin);
            assertWelcomed(partner);
            assertWelcomed(nativeClient);
        }
    }

    @Test
    void pollingFromAnotherSiteIsRefusedToo() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + Deployments.port() + "/longconn/poll?sub=news&wait=0"))
                                .header("Origin", "https://evil.example")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("allowedOrigins"), refused.body());
    }

    @Test
    void withoutAPublishSecretTheHttpApiRefusesEveryCallerNamingTheSetting() throws Exception {
        try (TestClient bystander = TestClient.connect(Deployments.ws(null))) {
            bystander.subscribe("open.door");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + Deployments.port() + "/longconn/api/push"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"opType\":\"open.door\",\"data\":1}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), response.body());
            JsonObject error =
                    Json.createReader(new StringReader(response.body())).readObject();
            assertEquals("forbidden", error.getString("error"));
            assertTrue(error.getString("message").contains("longconn.publishSecret"), response.body());
            // Nothing was published: the next frame the subscriber gets is the answer to its ping.
            bystander.send("{\"type\":\"ping\"}");
            assertEquals("pong", bystander.nextJson().getString("type"));
        }
    }

    @Test
    void theContainerRunningTheSuiteListensOnLoopbackOnly() throws Exception {
        long pid = ProcessHandle.current().pid();
        assertTrue(
                ListeningSockets.of(pid).stream().anyMatch(listener -> listener.port() == Deployments.port()),
                "the check sees the HTTP listener: " + ListeningSockets.of(pid));
        assertEquals(List.of(), ListeningSockets.beyondLoopback(pid));
    }
}
