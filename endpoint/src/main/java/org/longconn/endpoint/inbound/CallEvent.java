package org.longconn.endpoint.inbound;

import jakarta.json.bind.Jsonb;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.longconn.api.event.ClientCall;
import org.longconn.api.push.JsonValues;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.GatewaySession;

/**
 * A client {@code call} as a CDI event. Exactly one answer reaches the client, whoever gives it
 * first: an observer, the gateway on error, or the timeout.
 */
final class CallEvent extends TrafficEvent implements ClientCall {

    private final String id;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Future<?> timeout;

    CallEvent(GatewaySession session, String id, String opType, String dataJson, Jsonb jsonb) {
        super(session, opType, dataJson, jsonb);
        this.id = id;
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
        return answer(FrameEncoder.reply(id, json));
    }

    @Override
    public boolean replyJson(String json) {
        String problem = JsonValues.problem(json);
        if (problem != null) {
            throw new IllegalArgumentException("reply is not one valid JSON value: " + problem);
        }
        return answer(FrameEncoder.reply(id, json));
    }

    @Override
    public boolean fail(String code, String message) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("an error code is required, e.g. \"not_found\"");
        }
        return answer(FrameEncoder.replyError(id, code, message == null ? "" : message));
    }

    @Override
    public boolean isAnswered() {
        return answered.get();
    }

    /** Answers with one of the gateway's own errors. */
    boolean failWith(ErrorCode code, String message) {
        return answer(FrameEncoder.replyError(id, code.wire(), message));
    }

    void timeoutAfter(Future<?> timer) {
        this.timeout = timer;
        if (answered.get()) {
            timer.cancel(false);
        }
    }

    private boolean answer(OutboundFrame frame) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        Future<?> timer = timeout;
        if (timer != null) {
            timer.cancel(false);
        }
        session.send(frame);
        return true;
    }

    @Override
    public String toString() {
        return "ClientCall[" + opType() + " #" + id + " from " + session + "]";
    }
}
