package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    private final SendQueue queue = new SendQueue(3);
    private final RecordingSocket socket = new RecordingSocket();

    @Test
    void binaryFramesGoOutAsBinaryAtOnceOnAnOpenSocket() {
        queue.send(socket, new byte[] {1, 2, 3});
        queue.send(socket, "{\"type\":\"ping\"}");
        assertEquals(List.of("binary 010203", "text {\"type\":\"ping\"}"), socket.written);
    }

    @Test
    void textAndBinaryFramesQueuedWhileNotConnectedGoOutInTheirOrder() {
        queue.send(null, "a");
        queue.send(null, new byte[] {9});
        queue.send(null, "b");
        assertEquals(List.of(), socket.written);

        assertFalse(queue.flush(socket), "nothing left waiting");
        assertEquals(List.of("text a", "binary 09", "text b"), socket.written);
    }

    @Test
    void aBinaryFrameAlsoWaitsBehindQueuedFramesOnceConnected() {
        queue.send(null, "first");
        queue.send(socket, new byte[] {2});
        assertEquals(List.of(), socket.written);
        queue.flush(socket);
        assertEquals(List.of("text first", "binary 02"), socket.written);
    }

    @Test
    void aFullQueueRefusesBinaryFramesToo() {
        queue.send(null, "1");
        queue.send(null, new byte[] {2});
        queue.send(null, "3");
        assertThrows(IllegalStateException.class, () -> queue.send(null, new byte[] {4}));
    }

    /** A socket that records what is written to it; everything else as {@link FakeSocket}. */
    private static final class RecordingSocket extends FakeSocket {
        final List<String> written = new ArrayList<>();

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            written.add("text " + data);
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            written.add("binary " + HexFormat.of().formatHex(bytes));
            return CompletableFuture.completedFuture(this);
        }
    }
}
