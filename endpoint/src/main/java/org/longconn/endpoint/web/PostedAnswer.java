package org.longconn.endpoint.web;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.Transport;

/**
 * The transport under the one-request session of a posted frame: it takes the frame's answer
 * and writes it as the HTTP response. The answer is what a socket would have carried: a call's
 * {@code reply} (200, even for a failed reply), a {@code pong}, an {@code error} (with a status
 * that fits its code), or nothing for an accepted message (204).
 */
final class PostedAnswer implements Transport, AsyncListener {

    private static final Map<String, Integer> ERROR_STATUS = Map.of(
            ErrorCode.FRAME_TOO_LARGE.wire(), HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
            ErrorCode.RATE_LIMITED.wire(), 429,
            ErrorCode.SERVICE_UNAVAILABLE.wire(), HttpServletResponse.SC_SERVICE_UNAVAILABLE,
            ErrorCode.INTERNAL_ERROR.wire(), HttpServletResponse.SC_INTERNAL_SERVER_ERROR);

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    /** The application's class loader, for the answer written on the container's async threads. */
    private final ClassLoader application = ApplicationTask.current();

    private AsyncContext async;
    private String first;
    private boolean awaitingReply;
    private boolean done;

    PostedAnswer(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /**
     * The frame was handled, on the request's thread. A call's reply may still come (from an
     * observer, a forwarded service or the call timeout): the request then goes asynchronous and
     * waits for it, at most {@code maxWaitMs}. Every other answer has been given and is written now.
     */
    void handled(boolean call, long maxWaitMs) throws IOException {
        String answer;
        synchronized (this) {
            if (call && first == null) {
                awaitingReply = true;
                async = request.startAsync();
                async.setTimeout(maxWaitMs);
                async.addListener(this);
                return;
            }
            done = true;
            answer = first;
        }
        HttpAnswers.write(response, status(answer), answer);
    }

    @Override
    public void send(OutboundFrame[] frames, int count, SendCallback callback) {
        for (int i = 0; i < count; i++) {
            if (!frames[i].isText()) {
                // The session is registered nowhere, so no push (the only binary frame) can reach it.
                callback.completed(new IllegalStateException("a posted frame is never answered in binary"));
                return;
            }
        }
        answered(frames[0].text());
        callback.completed(null);
    }

    private synchronized void answered(String text) {
        if (first != null) {
            return; // a second frame can only be a disconnect after too many bad frames: the error says it all
        }
        first = text;
        if (awaitingReply && !done) {
            done = true;
            // The reply may come on a timer or an application thread: write it on the container's.
            async.start(ApplicationTask.of(application, () -> writeAndComplete(text)));
        }
    }

    @Override
    public void abort() {
        // The request ends with its answer.
    }

    @Override
    public void close(int code, String reason) {
        // The request ends with its answer.
    }

    private void writeAndComplete(String answer) {
        try {
            HttpAnswers.write((HttpServletResponse) async.getResponse(), status(answer), answer);
        } catch (IOException | IllegalStateException e) {
            // The client left before its answer: nothing more to do for it.
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container
            }
        }
    }

    private static int status(String answer) {
        if (answer == null) {
            return HttpServletResponse.SC_NO_CONTENT;
        }
        if (!answer.startsWith("{")) {
            return HttpServletResponse.SC_OK; // "pong", the answer to a bare heartbeat
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer))) {
            JsonObject frame = reader.readObject();
            if (!"error".equals(frame.getString("type", ""))) {
                return HttpServletResponse.SC_OK;
            }
            return ERROR_STATUS.getOrDefault(frame.getString("code", ""), HttpServletResponse.SC_BAD_REQUEST);
        } catch (JsonException | ClassCastException e) {
            return HttpServletResponse.SC_OK;
        }
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        // The call timeout answers long before this; reaching it means the gateway lost the call.
        if (!done) {
            done = true;
            writeAndComplete(FrameEncoder.error(ErrorCode.INTERNAL_ERROR, "the frame was not answered in time", null)
                    .text());
        }
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        done = true;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // nothing to release
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
