package org.longconn.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The opening handshake of a {@link DeflatingWebSockets} socket (RFC 6455 §4.1), done by hand
 * because the JDK's client cannot offer an extension: a TCP connection (TLS for {@code wss}, its
 * host name checked as for HTTPS and sent as SNI), the upgrade request with the offer of
 * permessage-deflate, and the checks of the answer: 101, {@code Upgrade}, {@code Connection}, the
 * {@code Sec-WebSocket-Accept} the key asks for, a subprotocol that was offered, and extensions the
 * client can honour ({@link DeflateNegotiation}).
 *
 * <p>A refusal fails as the JDK's does: a {@link WebSocketHandshakeException} whose response
 * carries the status, headers and body (the cause says what was wrong), so that a 401, 403 or 503
 * reads the same whichever client was used. A connection that cannot be made fails with the
 * socket's {@link IOException}; one not made within the timeout with {@link
 * HttpConnectTimeoutException}; an answer not complete within it with {@link HttpTimeoutException}.
 */
final class SocketHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * An open WebSocket connection: its streams (through TLS for {@code wss}), what was agreed, and
     * its TCP socket, which ends it at once when closed (closing TLS politely could block).
     */
    record Opened(
            Socket tcp, InputStream in, OutputStream out, String subprotocol, DeflateNegotiation.Agreed deflate) {}

    /** What the server's answer agreed: the subprotocol ({@code ""}: none) and compression. */
    private record Agreed(String subprotocol, DeflateNegotiation.Agreed deflate) {}

    private SocketHandshake() {}

    /**
     * Opens a connection to {@code uri} ({@code ws} or {@code wss}).
     *
     * @param headers extra request headers, name and value pairs
     * @param ssl where TLS sockets come from, for {@code wss}
     */
    static Opened open(URI uri, List<String[]> headers, List<String> subprotocols, Duration timeout, SSLContext ssl)
            throws IOException {
        boolean secure = uri.getScheme().equalsIgnoreCase("wss");
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket plain = new Socket();
        try {
            try {
                plain.connect(new InetSocketAddress(host, port), millis);
            } catch (SocketTimeoutException e) {
                throw (IOException) new HttpConnectTimeoutException(
                                "no connection to " + host + ":" + port + " within " + timeout.toMillis() + " ms")
                        .initCause(e);
            }
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(millis);
            Socket socket = secure ? tls(plain, ssl, host, port) : plain;
            String key = Base64.getEncoder().encodeToString(randomBytes(16));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(
                    request(uri, host, port, secure, key, headers, subprotocols).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Agreed agreed = answer(uri, secure, socket, in, key, subprotocols);
            plain.setSoTimeout(0);
            return new Opened(plain, in, out, agreed.subprotocol(), agreed.deflate());
        } catch (SocketTimeoutException e) {
            plain.close();
            throw (IOException) new HttpTimeoutException("no complete handshake answer from " + host + ":" + port
                            + " within " + timeout.toMillis() + " ms")
                    .initCause(e);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static Socket tls(Socket plain, SSLContext ssl, String host, int port) throws IOException {
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(plain, name, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!name.contains(":") && !name.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String request(
            URI uri,
            String host,
            int port,
            boolean secure,
            String key,
            List<String[]> headers,
            List<String> subprotocols) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        boolean defaultPort = uri.getPort() < 0 || port == (secure ? 443 : 80);
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(path)
                .append(query)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(defaultPort ? "" : ":" + port)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
                .append(key)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        if (!subprotocols.isEmpty()) {
            request.append("Sec-WebSocket-Protocol: ")
                    .append(String.join(", ", subprotocols))
                    .append("\r\n");
        }
        request.append("Sec-WebSocket-Extensions: ")
                .append(DeflateNegotiation.OFFER)
                .append("\r\n");
        for (String[] header : headers) {
            request.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    private static Agreed answer(
            URI uri, boolean secure, Socket socket, InputStream in, String key, List<String> subprotocols)
            throws IOException {
        String[] lines = head(in).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP answer to the WebSocket upgrade: " + lines[0]);
        }
        int code = Integer.parseInt(status[1]);
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        HttpHeaders httpHeaders = HttpHeaders.of(fields, (name, value) -> true);
        Optional<SSLSession> session =
                socket instanceof SSLSocket tls ? Optional.of(tls.getSession()) : Optional.empty();
        String body = code == 101 ? "" : body(in, httpHeaders);
        HandshakeResponse response =
                new HandshakeResponse(code, httpHeaders, body, httpRequest(uri, secure), uri, session);
        if (code != 101) {
            throw refused(response, "unexpected HTTP response status code " + lines[0].substring(status[0].length()));
        }
        if (!"websocket".equalsIgnoreCase(httpHeaders.firstValue("Upgrade").orElse(""))) {
            throw refused(response, "the answer's Upgrade header is not websocket");
        }
        if (httpHeaders.allValues("Connection").stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .noneMatch(token -> token.trim().equalsIgnoreCase("upgrade"))) {
            throw refused(response, "the answer's Connection header has no Upgrade");
        }
        List<String> accept = httpHeaders.allValues("Sec-WebSocket-Accept");
        if (accept.size() != 1 || !accept.get(0).equals(accept(key))) {
            throw refused(response, "the answer's Sec-WebSocket-Accept does not match the key: " + accept);
        }
        List<String> chosen = httpHeaders.allValues("Sec-WebSocket-Protocol");
        if (chosen.size() > 1 || (chosen.size() == 1 && !subprotocols.contains(chosen.get(0)))) {
            throw refused(response, "the server chose a subprotocol that was not offered: " + chosen);
        }
        DeflateNegotiation.Agreed deflate;
        try {
            deflate = DeflateNegotiation.answer(httpHeaders.allValues("Sec-WebSocket-Extensions"));
        } catch (DeflateNegotiation.Refused e) {
            throw refused(response, e.getMessage());
        }
        return new Agreed(chosen.isEmpty() ? "" : chosen.get(0), deflate);
    }

    /** The answer's status line and headers, up to the empty line (ISO-8859-1, as HTTP has it). */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the WebSocket handshake");
            }
            if (head.size() >= MAX_HEAD_BYTES) {
                throw new IOException("the handshake answer's head is beyond " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    /** The body of a refusal, at most {@link #MAX_BODY_BYTES}, for the app to read. */
    private static String body(InputStream in, HttpHeaders headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (headers.firstValue("Transfer-Encoding")
                    .orElse("")
                    .toLowerCase(Locale.ROOT)
                    .contains("chunked")) {
                long size;
                while ((size = chunkSize(in)) > 0 && body.size() + size <= MAX_BODY_BYTES) {
                    copy(in, body, size);
                    line(in); // the CRLF after the chunk
                }
            } else {
                long length = contentLength(headers);
                copy(in, body, Math.min(length, MAX_BODY_BYTES)); // no length: up to the connection's end
            }
        } catch (SocketTimeoutException e) {
            // a server that leaves the connection open without saying how long: what came is the body
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static long contentLength(HttpHeaders headers) {
        try {
            return headers.firstValueAsLong("Content-Length").orElse(MAX_BODY_BYTES);
        } catch (NumberFormatException e) {
            return MAX_BODY_BYTES;
        }
    }

    private static long chunkSize(InputStream in) throws IOException {
        String line = line(in);
        int extension = line.indexOf(';');
        try {
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 1024; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Copies up to {@code count} bytes, fewer when the connection ends first. */
    private static void copy(InputStream in, ByteArrayOutputStream to, long count) throws IOException {
        byte[] chunk = new byte[4096];
        long left = count;
        while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                return;
            }
            to.write(chunk, 0, n);
            left -= n;
        }
    }

    private static WebSocketHandshakeException refused(HandshakeResponse response, String why) {
        return new WebSocketHandshakeException(response).initCause(new IOException(why));
    }

    /** The upgrade as an HTTP request, for the response's {@code request()}. */
    private static HttpRequest httpRequest(URI uri, boolean secure) {
        String http = (secure ? "https" : "http")
                + uri.toString().substring(uri.getScheme().length());
        return HttpRequest.newBuilder(URI.create(http)).GET().build();
    }

    /** The Sec-WebSocket-Accept the server must answer {@code key} with. */
    static String accept(String key) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always there", e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
