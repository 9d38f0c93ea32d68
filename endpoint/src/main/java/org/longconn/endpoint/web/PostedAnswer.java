package org.longconn.endpoint.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.longconn.endpoint.inbound.PostedOutcome;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;

/**
 * Writes the outcome of a posted frame as its HTTP answer (PROTOCOL.md §15.2): 204 for an accepted
 * message, 200 with a {@code pong} or a call's {@code reply} (even a failed reply), and an {@code
 * error} frame with a status that fits its code. A call's reply may come after the request's
 * thread returned: the request then goes asynchronous and waits for it, at most {@code maxWaitMs}.
 */
final class PostedAnswer implements AsyncListener {

    private static final Map<ErrorCode, Integer> ERROR_STATUS = Map.of(
            ErrorCode.FRAME_TOO_LARGE, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
            ErrorCode.RATE_LIMITED, 429,
            ErrorCode.SERVICE_UNAVAILABLE, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
            ErrorCode.INTERNAL_ERROR, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);

    /** The application's class loader, for the answer written on the container's async threads. */
    private final ClassLoader application = ApplicationTask.current();

    private final AsyncContext async;
    /** Set once the answer is being written: by the outcome, or by the container's timeout. */
    private boolean done;

    private PostedAnswer(AsyncContext async) {
        this.async = async;
    }

    /** Answers {@code request} with {@code outcome}: now when it is complete, else once it completes. */
    static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            CompletableFuture<PostedOutcome> outcome,
            long maxWaitMs)
            throws IOException {
        if (outcome.isDone()) {
            write(response, outcome.join());
            return;
        }
        PostedAnswer answer = new PostedAnswer(request.startAsync());
        answer.async.setTimeout(maxWaitMs);
        answer.async.addListener(answer);
        outcome.thenAccept(answer::completed);
    }

    /** The HTTP status of {@code outcome}. */
    static int status(PostedOutcome outcome) {
        if (outcome instanceof PostedOutcome.Refused refused) {
            return ERROR_STATUS.getOrDefault(refused.code(), HttpServletResponse.SC_BAD_REQUEST);
        }
        return outcome instanceof PostedOutcome.Answered
                ? HttpServletResponse.SC_OK
                : HttpServletResponse.SC_NO_CONTENT;
    }

    private static void write(HttpServletResponse response, PostedOutcome outcome) throws IOException {
        String body = null;
        if (outcome instanceof PostedOutcome.Answered answered) {
            body = answered.frame().text();
        } else if (outcome instanceof PostedOutcome.Refused refused) {
            body = refused.frame().text();
        }
        HttpAnswers.write(response, status(outcome), body);
    }

    /** The reply came, on a timer, an application or a broker thread: it is written on the container's. */
    private synchronized void completed(PostedOutcome outcome) {
        if (!done) {
            done = true;
            async.start(ApplicationTask.of(application, () -> writeAndComplete(outcome)));
        }
    }

    private void writeAndComplete(PostedOutcome outcome) {
        try {
            write((HttpServletResponse) async.getResponse(), outcome);
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

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        // The call timeout answers long before this; reaching it means the gateway lost the call.
        if (!done) {
            done = true;
            writeAndComplete(new PostedOutcome.Refused(
                    ErrorCode.INTERNAL_ERROR,
                    FrameEncoder.error(ErrorCode.INTERNAL_ERROR, "the frame was not answered in time", null)));
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
