package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link LongConnClient} built with {@code compression(true)} against a gateway played byte by
 * byte ({@link RawWebSocketServer}): it offers permessage-deflate, takes a compressed welcome and
 * reply, compresses its larger frames, closes as usual, and a refused handshake fails {@code
 * connect()} as with the JDK's WebSocket.
 */
class CompressionTest {

    private static final String WELCOME = "{'type':'welcome','protocol':1,'sessionId':'s-1','userId':'alice',"
            + "'heartbeatIntervalMs':60000,'idleTimeoutMs':120000,'callTimeoutMs':10000,'maxFrameBytes':65536,"
            + "'maxSubscriptions':100,'maxOpTypeLength':128}";

    private final RawWebSocketServer server;
    private final LongConnClient client;

    CompressionTest() throws Exception {
        server = new RawWebSocketServer();
        client = LongConnClient.builder(server.uri("/longconn/ws"))
                .compression(true)
                .header("Authorization", "Bearer t")
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        DeflatingWebSocketTest.awaitSocketThreadsEnded();
    }

    private static byte[] compressed(String json) {
        return RawWebSocketServer.deflate(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theClientTalksCompressedWithAGatewayThatAgrees() throws Exception {
        CompletableFuture<Void> connected = client.connect();
        Map<String, String> request = server.accept();
        assertEquals("permessage-deflate; client_max_window_bits", request.get("sec-websocket-extensions"));
        assertEquals("longconn.v1", request.get("sec-websocket-protocol"));
        assertEquals("Bearer t", request.get("authorization"));
        server.upgrade(request, DeflatingWebSocketTest.AGREED);
        server.send(0xC1, compressed(WELCOME));
        connected.get(5, TimeUnit.SECONDS);
        assertEquals("s-1", client.sessionId());

        String data = "{\"id\":7,\"fields\":\"" + "name,email,".repeat(20) + "\"}";
        CompletableFuture<String> reply = client.call("user.get", data, Duration.ofSeconds(5));
        RawWebSocketServer.Frame call = server.read();
        assertTrue(call.compressed(), "a call of " + call.payload().length + " compressed bytes");
        JsonObject sent = FakeGateway.json(call.text());
        assertEquals("call", sent.getString("type"));
        assertEquals("user.get", sent.getString("opType"));
        assertEquals(FakeGateway.json(data), sent.getJsonObject("data"));

        String user = "{'name':'" + "alice ".repeat(30) + "'}";
        server.send(0xC1, compressed("{'type':'reply','id':'" + sent.getString("id") + "','data':" + user + "}"));
        assertEquals(FakeGateway.json(user), FakeGateway.json(reply.get(5, TimeUnit.SECONDS)));

        client.disconnect();
        RawWebSocketServer.Frame close = server.read();
        assertEquals(8, close.opcode());
        assertEquals(1000, close.closeCode());
        server.awaitEnd();
    }

    @Test
    void aRefusedHandshakeFailsConnectWithTheJdksExceptionAndItsStatus() throws Exception {
        CompletableFuture<Void> connected = client.connect();
        server.accept();
        server.answer("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nbad token");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> connected.get(5, TimeUnit.SECONDS));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, failed.getCause());
        assertEquals(401, refused.getResponse().statusCode());
        assertEquals("bad token", refused.getResponse().body());
    }
}
