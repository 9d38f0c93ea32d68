package org.longconn.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The server's answer to a {@link DeflatingWebSockets} opening handshake it refused, as the {@link
 * WebSocketHandshakeException} the JDK's WebSocket fails with carries it: apps and tests read the
 * status ({@code 401}, {@code 403}, {@code 503}...) and body from {@code getResponse()} whichever
 * client opened the socket.
 */
record HandshakeResponse(
        int statusCode, HttpHeaders headers, String body, HttpRequest request, URI uri, Optional<SSLSession> sslSession)
        implements HttpResponse<String> {

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}
