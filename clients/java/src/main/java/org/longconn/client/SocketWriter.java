package org.longconn.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The writes of a {@link DeflatingWebSocket}: every send is queued and written, in order, by the
 * connection's writer thread, and its future completes once its frame is written. Writing on the
 * caller's thread would block it while the network is slow, and the client sends while holding its
 * lock; the JDK's WebSocket never blocks a sender either. The thread (daemon, {@code
 * longconn-client-socket-writer}) starts with the first write and ends after 30 s without one, or
 * when the connection closes.
 *
 * <p>Frames go out masked with a fresh key each (RFC 6455 §5.3). Data messages are compressed by a
 * {@link MessageDeflater} when the connection negotiated permessage-deflate: one frame, RSV1 set.
 * The parts of a message sent with {@code last == false} are held until its last part and the
 * message goes out whole. A write that fails fails its future and reports to {@code onFailure},
 * which ends the connection.
 */
final class SocketWriter {

    private final OutputStream out;
    private final MessageDeflater deflater;
    private final Consumer<IOException> onFailure;
    private final WebSocket socket;
    private final ThreadPoolExecutor thread;
    private final SecureRandom random = new SecureRandom();

    /** Set when the socket closed: what is still queued fails. */
    private volatile boolean closed;

    // The message whose parts are held (writer thread only): at most one of them is not null.
    private StringBuilder textParts;
    private ByteArrayOutputStream binaryParts;

    /** @param deflater {@code null} when the connection negotiated no compression */
    SocketWriter(OutputStream out, MessageDeflater deflater, WebSocket socket, Consumer<IOException> onFailure) {
        this.out = out;
        this.deflater = deflater;
        this.socket = socket;
        this.onFailure = onFailure;
        this.thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread writer = new Thread(task, "longconn-client-socket-writer");
            writer.setDaemon(true);
            return writer;
        });
        thread.allowCoreThreadTimeOut(true);
    }

    /** A write to do on the writer thread. */
    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    /** Sends a text message, or a part of one. */
    CompletableFuture<WebSocket> text(CharSequence part, boolean last) {
        String chars = part.toString();
        return queue(() -> {
            if (binaryParts != null) {
                throw new IllegalStateException("a binary message is being sent in parts");
            }
            if (!last) {
                textParts = (textParts == null ? new StringBuilder() : textParts).append(chars);
                return;
            }
            String whole = textParts == null ? chars : textParts.append(chars).toString();
            textParts = null;
            data(FrameReader.TEXT, utf8(whole));
        });
    }

    /** Sends a binary message, or a part of one ({@code part}'s bytes are taken at once). */
    CompletableFuture<WebSocket> binary(byte[] part, boolean last) {
        return queue(() -> {
            if (textParts != null) {
                throw new IllegalStateException("a text message is being sent in parts");
            }
            byte[] whole = part;
            if (!last || binaryParts != null) {
                if (binaryParts == null) {
                    binaryParts = new ByteArrayOutputStream();
                }
                binaryParts.writeBytes(part);
                if (!last) {
                    return;
                }
                whole = binaryParts.toByteArray();
                binaryParts = null;
            }
            data(FrameReader.BINARY, whole);
        });
    }

    /** Sends a ping, pong or close frame ({@code payload} at most 125 bytes). */
    CompletableFuture<WebSocket> control(int opcode, byte[] payload) {
        return queue(() -> frame(false, opcode, payload));
    }

    /** Sends a close frame with {@code code} and the UTF-8 {@code reason}. */
    CompletableFuture<WebSocket> sendClose(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return control(FrameReader.CLOSE, payload);
    }

    /** Runs {@code action} on the writer thread after what is queued, or at once when closed. */
    void afterQueued(Runnable action) {
        try {
            thread.execute(action);
        } catch (RejectedExecutionException e) {
            action.run();
        }
    }

    /** The socket closed: what is queued fails, the deflater is freed and the thread ends. */
    void shutdown() {
        closed = true;
        afterQueued(() -> {
            if (deflater != null) {
                deflater.end();
            }
        });
        thread.shutdown();
    }

    private CompletableFuture<WebSocket> queue(Write write) {
        CompletableFuture<WebSocket> written = new CompletableFuture<>();
        Runnable task = () -> {
            if (closed) {
                written.completeExceptionally(new IOException("Output closed"));
                return;
            }
            try {
                write.run();
            } catch (IOException e) {
                written.completeExceptionally(e);
                onFailure.accept(e);
                return;
            } catch (RuntimeException e) {
                written.completeExceptionally(e); // a bad message: the connection goes on
                return;
            }
            written.complete(socket);
        };
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            written.completeExceptionally(new IOException("Output closed"));
        }
        return written;
    }

    private void data(int opcode, byte[] message) throws IOException {
        byte[] compressed = deflater == null ? null : deflater.deflate(message);
        if (compressed != null) {
            frame(true, opcode, compressed);
        } else {
            frame(false, opcode, message);
        }
    }

    /** Writes one final frame; {@code payload} is masked in place. */
    private void frame(boolean rsv1, int opcode, byte[] payload) throws IOException {
        byte[] header = new byte[14];
        int at = 0;
        header[at++] = (byte) (0x80 | (rsv1 ? 0x40 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            header[at++] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            header[at++] = (byte) (0x80 | 126);
            header[at++] = (byte) (length >>> 8);
            header[at++] = (byte) length;
        } else {
            header[at++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[at++] = (byte) ((long) length >>> shift);
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        System.arraycopy(mask, 0, header, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            payload[i] ^= mask[i & 3];
        }
        out.write(header, 0, at);
        out.write(payload);
        out.flush();
    }

    /** {@code text} as UTF-8; a lone surrogate is refused, as the JDK's WebSocket refuses it. */
    static byte[] utf8(String text) {
        try {
            var bytes = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            return array;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("malformed UTF-16 text", e);
        }
    }
}
