package org.longconn.endpoint.inbound;

import jakarta.json.bind.Jsonb;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.longconn.api.event.ClientCall;
import org.longconn.api.push.JsonValues;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.Peer;

/**
 * A client {@code call} as a CDI event. Exactly one answer reaches the client, whoever gives it
 * first: an observer, the gateway on error, or the timeout.
 */
final class CallEvent extends TrafficEvent implements ClientCall {

    private final String id;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final GatewayMetrics metrics;
    private final long startedNanos = System.nanoTime();
    private volatile Future<?> timeout;

    CallEvent(Peer peer, String id, String opType, String dataJson, byte[] bytes, Jsonb jsonb, GatewayMetrics metrics) {
        super(peer, opType, dataJson, bytes, jsonb);
        this.id = id;
        this.metrics = metrics;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean reply(Object data) {
        if (answered.get()) {
            return false;
        }
        String json = data == null ? "null" : jsonb().toJson(data);
        return answer(FrameEncoder.reply(id, json), "ok");
    }

    @Override
    public boolean replyJson(String json) {
        String problem = JsonValues.problem(json);
        if (problem != null) {
            throw new IllegalArgumentException("reply is not one valid JSON value: " + problem);
        }
        return answer(FrameEncoder.reply(id, json), "ok");
    }

    @Override
    public boolean fail(String code, String message) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("an error code is required, e.g. \"not_found\"");
        }
        return answer(FrameEncoder.replyError(id, code, message == null ? "" : message), code);
    }

    @Override
    public boolean isAnswered() {
        return answered.get();
    }

    /** Answers with one of the gateway's own errors. */
    boolean failWith(ErrorCode code, String message) {
        return answer(FrameEncoder.replyError(id, code.wire(), message), code.wire());
    }

    void timeoutAfter(Future<?> timer) {
        this.timeout = timer;
        if (answered.get()) {
            timer.cancel(false);
        }
    }

    /** Sends the one answer, unless one was sent; {@code outcome}: {@code ok} or the error code. */
    private boolean answer(OutboundFrame frame, String outcome) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        metrics.called(outcome, System.nanoTime() - startedNanos);
        Future<?> timer = timeout;
        if (timer != null) {
            timer.cancel(false);
        }
        peer.send(frame);
        return true;
    }

    @Override
    public String toString() {
        return "ClientCall[" + opType() + " #" + id + " from " + peer + "]";
    }
}
