package org.longconn.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} whose WebSockets go to no server: each one the client opens is a {@link
 * Session} (a {@link FakeSocket} that records what the client sends), handed to the test, which
 * plays the gateway's part by feeding it frames. Give it to {@link
 * LongConnClientBuilder#httpClient(HttpClient)}.
 */
final class FakeGateway extends HttpClient {

    private final BlockingQueue<Session> opened = new LinkedBlockingQueue<>();

    /** One WebSocket the client opened: what it sent, and a way to send it the server's frames. */
    static final class Session extends FakeSocket {
        private final List<String> sent = new ArrayList<>();
        private WebSocket.Listener listener;

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            synchronized (sent) {
                sent.add(data.toString());
            }
            return CompletableFuture.completedFuture(this);
        }

        /** The text frames the client sent, pings left out, as JSON with {@code '} for {@code "}. */
        List<String> sent() {
            synchronized (sent) {
                return sent.stream()
                        .filter(frame -> !frame.contains("\"ping\""))
                        .map(frame -> frame.replace('"', '\''))
                        .toList();
            }
        }

        /** The last frame the client sent (pings left out). */
        JsonObject last() {
            List<String> frames = sent();
            return json(frames.get(frames.size() - 1));
        }

        /** A server frame, written with {@code '} for {@code "}. */
        void receive(String frame) {
            listener.onText(this, frame.replace('\'', '"'), true);
        }

        /** The server's {@code welcome}: the session is open. */
        void welcome() {
            receive("{'type':'welcome','protocol':1,'sessionId':'s-1','userId':'alice','heartbeatIntervalMs':60000,"
                    + "'idleTimeoutMs':120000,'callTimeoutMs':10000,'maxFrameBytes':65536,'maxSubscriptions':100,"
                    + "'maxOpTypeLength':128}");
        }
    }

    /** A frame written with {@code '} for {@code "}. */
    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    /** The next WebSocket the client opens (waiting for a reconnect's, at most 5 s). */
    Session next() throws InterruptedException {
        Session session = opened.poll(5, TimeUnit.SECONDS);
        if (session == null) {
            throw new AssertionError("the client opened no WebSocket");
        }
        return session;
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return new WebSocket.Builder() {
            @Override
            public WebSocket.Builder header(String name, String value) {
                return this;
            }

            @Override
            public WebSocket.Builder connectTimeout(Duration timeout) {
                return this;
            }

            @Override
            public WebSocket.Builder subprotocols(String mostPreferred, String... lesserPreferred) {
                return this;
            }

            @Override
            public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
                Session session = new Session();
                session.listener = listener;
                listener.onOpen(session);
                opened.add(session);
                return CompletableFuture.completedFuture(session);
            }
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SSLParameters sslParameters() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
        throw new UnsupportedOperationException();
    }
}
