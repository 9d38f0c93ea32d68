package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed upgrades and requests on the shipped domain's listener: refused with a plain reason,
 * never with the container's internals, and never holding a connection for long.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MalformedRequestsIT {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The listener drops an idle or unfinished request after 10 s; a little slack for a busy box. */
    private static final int DROPPED_WITHIN_MS = 14_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("");
    }

    /** Sends {@code request} raw and reads until the server closes; fails if it does not in time. */
    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", Deployments.port()), 5_000);
            socket.setSoTimeout(DROPPED_WITHIN_MS);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            try {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    answer.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server still holds the connection after " + DROPPED_WITHIN_MS
                        + " ms; received so far: " + answer.toString(StandardCharsets.ISO_8859_1));
            } catch (IOException reset) {
                // A reset is a drop too.
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String upgrade(String requestLine, String connection, String key, String version)
            throws IOException {
        String request = requestLine + "\r\nHost: 127.0.0.1:" + Deployments.port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: " + connection + "\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: "
                + version + "\r\n\r\n";
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertRefusedPlainly(String answer, int status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
        String lower = answer.toLowerCase(Locale.ROOT);
        for (String disclosure : List.of("x-powered-by", "glassfish", "servlet/", "jdk", "java")) {
            assertFalse(lower.contains(disclosure), "discloses " + disclosure + ": " + answer);
        }
        assertTrue(lower.contains("content-type: text/plain"), answer);
    }

    @Test
    void malformedUpgradesAreRefusedWith400AndAReasonAndTheBystanderCarriesOn() throws Exception {
        try (TestClient bystander = TestClient.connect(Deployments.ws(null))) {
            String keepAlive = upgrade("GET /longconn/ws HTTP/1.1", "keep-alive", KEY, "13");
            assertRefusedPlainly(keepAlive, 400);
            assertTrue(keepAlive.contains("Connection: Upgrade"), keepAlive);
            assertRefusedPlainly(upgrade("POST /longconn/ws HTTP/1.1", "Upgrade", KEY, "13"), 400);
            assertRefusedPlainly(upgrade("GET /longconn/ws HTTP/1.0", "Upgrade", KEY, "13"), 400);
            assertRefusedPlainly(upgrade("GET /longconn/ws HTTP/1.1", "Upgrade", "c2hvcnQ=", "13"), 400);
            String version = upgrade("GET /longconn/ws HTTP/1.1", "Upgrade", KEY, "8");
            assertRefusedPlainly(version, 426);
            assertTrue(version.contains("Sec-WebSocket-Version: 13"), version);
            assertEquals("ok", bystander.call("test.echo", "\"ok\"").getString("data"));
        }
    }

    @Test
    void answersDiscloseNoServerOrVersions() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Deployments.port() + "/longconn/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(
                page.headers().firstValue("X-Powered-By").isEmpty(),
                page.headers().toString());
        assertTrue(page.headers().firstValue("Server").isEmpty(), page.headers().toString());
    }

    @Test
    void garbageTlsBytesAndBrokenHeadersAreAnsweredOrDroppedWithinTenSeconds() throws Exception {
        byte[] tlsClientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        List<CompletableFuture<String>> answers = List.of(
                        "\u0001\u0002garbage request line\r\n".getBytes(StandardCharsets.ISO_8859_1),
                        tlsClientHello,
                        ("GET /longconn/ HTTP/1.1\r\nHost: 127.0.0.1\r\nthis header has no colon\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1))
                .stream()
                .map(request -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return exchange(request);
                    } catch (IOException e) {
                        return "";
                    }
                }))
                .toList();
        for (CompletableFuture<String> answer : answers) {
            String text = answer.join();
            assertTrue(text.isEmpty() || text.startsWith("HTTP/1.1 400"), text);
            assertFalse(text.toLowerCase(Locale.ROOT).contains("glassfish"), text);
        }
    }
}
