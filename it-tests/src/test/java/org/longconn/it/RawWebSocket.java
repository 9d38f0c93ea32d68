package org.longconn.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bare-socket WebSocket client that does only what a test tells it: after the handshake it
 * reads nothing unless asked, which is how a client that stopped reading behaves.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    /** The upgrade response's header lines, after the status line. */
    private final String responseHeaders;

    RawWebSocket(int port, String path) throws IOException {
        this(port, path, "");
    }

    /**
     * @param extraHeaders header lines for the upgrade request, each ending in CRLF (e.g. an
     *     {@code Origin})
     * @throws IOException with the status line when the upgrade is not answered 101
     */
    RawWebSocket(int port, String path, String extraHeaders) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHeaders();
        String status = response.substring(0, response.indexOf('\r'));
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
        responseHeaders = response.substring(status.length());
    }

    /** The value of the upgrade response's header {@code name} (any case), or {@code null}. */
    String responseHeader(String name) {
        for (String line : responseHeaders.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake");
            }
            headers.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked text frame. */
    void sendText(String text) throws IOException {
        sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked frame: its first byte (FIN, RSV bits, opcode) as given, then {@code payload}. */
    void sendFrame(int firstByte, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads one unfragmented, unmasked server text frame. */
    String readText() throws IOException {
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
            throw new IOException("connection closed");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if ((first & 0x0F) != 1) {
            throw new IOException("expected a text frame, got opcode " + (first & 0x0F));
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Reads one unfragmented server frame and returns it as it came on the wire: header, then
     * payload.
     */
    byte[] readRawFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
            throw new IOException("connection closed");
        }
        frame.write(first);
        frame.write(second);
        long length = second & 0x7F;
        int extra = length == 126 ? 2 : length == 127 ? 8 : 0;
        if (extra > 0) {
            byte[] bytes = in.readNBytes(extra);
            frame.write(bytes);
            length = 0;
            for (byte b : bytes) {
                length = (length << 8) | (b & 0xFF);
            }
        }
        frame.write(in.readNBytes((int) length));
        return frame.toByteArray();
    }

    /** The client's port of this connection. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** Closes the TCP connection without a close frame, as a dropped network would. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
