package org.longconn.endpoint.web;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.longconn.api.event.HandshakeRequest;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.RefreshConfig;
import org.longconn.endpoint.inbound.PostedFrames;
import org.longconn.endpoint.inbound.PostedOutcome;
import org.longconn.endpoint.lifecycle.GatewayLifecycle;
import org.longconn.endpoint.poll.PendingPoll;
import org.longconn.endpoint.poll.Poll;
import org.longconn.endpoint.poll.PollException;
import org.longconn.endpoint.poll.PollExchange;
import org.longconn.endpoint.poll.PollService;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;

/**
 * The HTTP polling transport at {@code /poll}: {@code GET} polls (long-polls by default) for
 * pushes, {@code POST} carries one client frame (a message or a call, as on the socket) and
 * answers it. Every request runs the {@link HandshakeRequest} hook first, like a WebSocket
 * upgrade; nothing is kept between requests, so any node answers any of them.
 */
@WebServlet(urlPatterns = "/poll", asyncSupported = true)
public class PollServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A request is ended by the container only if the gateway failed to end it this much after its own deadline. */
    private static final long SAFETY_MARGIN_MS = 30_000;

    @Inject
    transient Event<HandshakeRequest> handshakes;

    @Inject
    transient OriginPolicy origins;

    @Inject
    transient PollService polls;

    @Inject
    transient PostedFrames posted;

    @Inject
    transient GatewayConfig config;

    @Inject
    transient GatewayLifecycle lifecycle;

    @Inject
    transient RefreshConfig refresh;

    /** Draining or stopping: polls go to another node. */
    private boolean refusedWhileDraining(HttpServletResponse response) throws IOException {
        if (lifecycle.serving()) {
            return false;
        }
        HttpAnswers.write(
                response,
                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                FrameEncoder.error(ErrorCode.NODE_UNAVAILABLE, "this node is draining; poll another node", null)
                        .text());
        return true;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (refusedWhileDraining(response)) {
            return;
        }
        HandshakeCheck.Admitted admitted =
                HandshakeCheck.run(origins, handshakes, request, response, HandshakeRequest.POLLING);
        if (admitted == null) {
            return;
        }
        Poll poll;
        try {
            poll = polls.parse(QueryParameters.parse(request.getQueryString()));
        } catch (PollException e) {
            HttpAnswers.write(
                    response,
                    e.status(),
                    FrameEncoder.error(e.code(), e.getMessage(), null).text());
            return;
        }
        // Within the poll's own wait at most: a token shorter-lived than refreshAheadMs is asked for
        // a refresh once per token, not on every poll.
        if (admitted.expiresWithin(Math.min(refresh.refreshAheadMs(), poll.waitMs()), System.currentTimeMillis())) {
            // Polling's refresh (PROTOCOL.md §16): the client polls again, from the same positions,
            // with a new token; the answer carries no pushes, so nothing is lost meanwhile.
            HttpAnswers.write(
                    response,
                    HttpServletResponse.SC_OK,
                    FrameEncoder.refreshRequired(admitted.expiresAtMs()).text());
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(poll.waitMs() + SAFETY_MARGIN_MS);
        AsyncPollExchange exchange = new AsyncPollExchange(async);
        async.addListener(exchange);
        exchange.waitingFor(polls.poll(poll, admitted.user(), exchange));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (refusedWhileDraining(response)) {
            return;
        }
        HandshakeCheck.Admitted admitted =
                HandshakeCheck.run(origins, handshakes, request, response, HandshakeRequest.POLLING);
        if (admitted == null) {
            return;
        }
        byte[] frame = readBody(request, config.maxFrameBytes());
        if (frame == null) {
            HttpAnswers.write(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    FrameEncoder.error(
                                    ErrorCode.FRAME_TOO_LARGE,
                                    "frame exceeds " + config.maxFrameBytes() + " bytes; it was dropped",
                                    null)
                            .text());
            return;
        }
        String[] client = QueryParameters.parse(request.getQueryString()).get("client");
        String clientId = client == null ? null : client[0];
        // application/octet-stream: a binary frame (PROTOCOL.md §15.2); any other type is text.
        CompletableFuture<PostedOutcome> outcome = isBinary(request.getContentType())
                ? posted.handleBinary(frame, admitted.user(), clientId, request.getRemoteAddr())
                : posted.handle(
                        new String(frame, StandardCharsets.UTF_8), admitted.user(), clientId, request.getRemoteAddr());
        PostedAnswer.write(request, response, outcome, config.callTimeoutMs() + SAFETY_MARGIN_MS);
    }

    private static boolean isBinary(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
    }

    /** The body, or {@code null} when it is longer than {@code maxBytes}. */
    private static byte[] readBody(HttpServletRequest request, int maxBytes) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            return body.length > maxBytes ? null : body;
        }
    }

    /** Ties a poll to its asynchronous request; stops the poll when the request fails or its client leaves. */
    private static final class AsyncPollExchange implements PollExchange, AsyncListener {
        private final AsyncContext async;
        /** The application's class loader, for the tasks that run on the container's async threads. */
        private final ClassLoader application = ApplicationTask.current();

        private final AtomicBoolean written = new AtomicBoolean();
        private volatile PendingPoll pending;
        private volatile boolean ended;

        AsyncPollExchange(AsyncContext async) {
            this.async = async;
        }

        void waitingFor(PendingPoll poll) {
            this.pending = poll;
            if (ended) {
                poll.gone();
            }
        }

        @Override
        public void answer(int status, String body) {
            if (!written.compareAndSet(false, true)) {
                return;
            }
            try {
                HttpAnswers.write((HttpServletResponse) async.getResponse(), status, body);
            } catch (IOException | IllegalStateException e) {
                // The client left while the answer was written: nothing more to do for it.
            } finally {
                complete();
            }
        }

        @Override
        public void runLater(Runnable task) {
            async.start(ApplicationTask.of(application, task));
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (the client left)
            }
        }

        private void end() {
            ended = true;
            PendingPoll poll = pending;
            if (poll != null) {
                poll.gone();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
            answer(
                    HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    FrameEncoder.error(ErrorCode.INTERNAL_ERROR, "the poll was not answered in time; poll again", null)
                            .text());
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
            complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
