package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The server's side of one WebSocket, played by a test on a server socket of 127.0.0.1: it reads
 * the upgrade request, answers it as the test says, writes frames byte by byte as a server would
 * (compressed ones too) and reads the client's. Every wait ends after 5 s.
 */
final class RawWebSocketServer implements AutoCloseable {

    /** A frame the client sent: its first byte, and its payload unmasked. */
    record Frame(int first, byte[] payload) {
        boolean fin() {
            return (first & 0x80) != 0;
        }

        boolean compressed() {
            return (first & 0x40) != 0;
        }

        int opcode() {
            return first & 0x0F;
        }

        String text() {
            return new String(compressed() ? inflate(payload) : payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    RawWebSocketServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        server.setSoTimeout(5_000);
    }

    URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Takes the client's connection and reads its request: the request line under "", headers by lower-case name. */
    Map<String, String> accept() throws IOException {
        socket = server.accept();
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> request = new TreeMap<>();
        request.put("", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            request.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return request;
    }

    /** Answers 101 with the right accept, {@code longconn.v1}, and {@code extensions} unless null. */
    void upgrade(Map<String, String> request, String extensions) throws IOException {
        answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SocketHandshake.accept(request.get("sec-websocket-key")) + "\r\n"
                + "Sec-WebSocket-Protocol: longconn.v1\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                + "\r\n");
    }

    /** Writes {@code raw} as it is (a whole answer, with its empty line). */
    void answer(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Writes a frame with the first byte {@code first} (FIN, RSV1, opcode) and {@code payload}, unmasked. */
    void send(int first, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes {@code bytes} as they are: a frame a server must not send, say. */
    void raw(byte... bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code, String reason) throws IOException {
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + why.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(why, 0, payload, 2, why.length);
        send(0x88, payload);
    }

    /** The client's next frame, which must be masked. */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        assertTrue((second & 0x80) != 0, "a client frame must be masked");
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(first, payload);
    }

    /** Waits for the client to close the TCP connection, reading nothing more. */
    void awaitEnd() throws IOException {
        try {
            assertEquals(-1, in.read(), "the client closed the connection");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the client did not close the connection", e);
        } catch (IOException e) {
            // reset: closed too
        }
    }

    void dropConnection() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }

    /** {@code data} compressed as a permessage-deflate server does: raw deflate, SYNC_FLUSH, tail dropped. */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1024];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] flushed = out.toByteArray();
            assertEquals("0000ffff", java.util.HexFormat.of().formatHex(flushed, flushed.length - 4, flushed.length));
            return Arrays.copyOf(flushed, flushed.length - 4);
        } finally {
            deflater.end();
        }
    }

    /** A compressed client message, inflated on its own from a fresh state. */
    static byte[] inflate(byte[] payload) {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = Arrays.copyOf(payload, payload.length + 4);
            input[payload.length + 2] = (byte) 0xFF;
            input[payload.length + 3] = (byte) 0xFF;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1024];
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
            assertTrue(inflater.needsInput() || inflater.finished(), "the whole message inflated");
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("not deflate data on its own", e);
        } finally {
            inflater.end();
        }
    }
}
