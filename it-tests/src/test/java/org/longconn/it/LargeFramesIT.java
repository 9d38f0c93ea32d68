package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames past the container's default buffer (4 MiB): with {@code maxFrameBytes} raised above it
 * the buffer follows, and a frame over the buffer closes only its own connection.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LargeFramesIT {

    private static final int MAX_FRAME_BYTES = 5 * 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway(
                "maxFrameBytes=" + MAX_FRAME_BYTES + "\noutboxMaxBytes=" + 4 * MAX_FRAME_BYTES + "\n");
    }

    @Test
    void aFrameOverTheContainersDefaultBufferButWithinMaxFrameBytesIsProcessed() throws Exception {
        try (TestClient client = TestClient.connect(Deployments.ws(null))) {
            assertEquals(MAX_FRAME_BYTES, client.welcome.getInt("maxFrameBytes"));
            int length = 4 * 1024 * 1024 + 512 * 1024; // 4.5 MiB: Tyrus alone closes at 4 MiB with 1011
            JsonObject reply = client.call("test.echo", "\"" + "x".repeat(length) + "\"");
            assertEquals(length, reply.getString("data").length());
        }
    }

    @Test
    void aFrameOverTheBufferClosesOnlyItsOwnConnectionWith1011() throws Exception {
        try (TestClient bystander = TestClient.connect(Deployments.ws(null));
                RawWebSocket offender = new RawWebSocket(Deployments.port(), "/longconn/ws")) {
            assertTrue(offender.readText().contains("\"welcome\""));
            String frame =
                    "{\"type\":\"message\",\"opType\":\"a\",\"data\":\"" + "x".repeat(MAX_FRAME_BYTES + 1024) + "\"}";
            // The server stops reading part-way: the rest of the send may fail, which is fine.
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    offender.sendText(frame);
                } catch (IOException refused) {
                    // the connection is being closed under the sender
                }
            });
            byte[] close;
            do {
                close = offender.readRawFrame();
            } while ((close[0] & 0x0F) != 0x8);
            int code = ((close[2] & 0xFF) << 8) | (close[3] & 0xFF);
            assertEquals(1011, code, new String(close, 4, close.length - 4, StandardCharsets.UTF_8));
            sending.get(10, TimeUnit.SECONDS);
            assertEquals("ok", bystander.call("test.echo", "\"ok\"").getString("data"));
        }
    }
}
