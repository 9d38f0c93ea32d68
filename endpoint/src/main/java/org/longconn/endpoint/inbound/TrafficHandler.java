package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.bridge.ForwardException;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.Peer;

/**
 * Hands client messages and calls, from a socket or posted, to the application's {@code @Observes}
 * handlers or to the services they are forwarded to, and answers a call exactly once: with its
 * reply, or with {@code no_handler}, {@code handler_error} or {@code timeout}.
 */
@ApplicationScoped
public class TrafficHandler {

    private static final Logger LOG = Logger.getLogger(TrafficHandler.class.getName());

    private GatewayConfig config;
    private EventDispatcher events;
    private Forwarding forwarding;
    private GatewayScheduler scheduler;
    private Jsonb jsonb;
    private GatewayMetrics metrics;

    /** For CDI proxies only. */
    protected TrafficHandler() {}

    @Inject
    public TrafficHandler(
            GatewayConfig config,
            EventDispatcher events,
            Forwarding forwarding,
            GatewayScheduler scheduler,
            Jsonb jsonb,
            GatewayMetrics metrics) {
        this.config = config;
        this.events = events;
        this.forwarding = forwarding;
        this.scheduler = scheduler;
        this.jsonb = jsonb;
        this.metrics = metrics;
    }

    /**
     * Dispatches a client message. Its only answer is an error: a bad opType, or a forward the
     * broker did not take.
     *
     * @return {@code false} when the frame was invalid (it counts against the client's allowance)
     */
    public boolean message(Peer peer, InboundFrame.Message message) {
        String problem = OpTypes.validateExact(message.opType(), config.maxOpTypeLength());
        if (problem != null) {
            refuse(peer, ErrorCode.INVALID_OP_TYPE, problem, null);
            return false;
        }
        if (forwarding.handles(message.opType())) {
            if (message.bytes() != null) {
                refuse(peer, ErrorCode.BAD_REQUEST, notForwarded(message.opType()), null);
                return true;
            }
            try {
                forwarding.message(peer, message.opType(), message.dataJson());
            } catch (ForwardException e) {
                // Not the client's fault: answered (without the broker's details), not counted as invalid.
                LOG.warning(() -> "message '" + message.opType() + "' not forwarded: " + e.getMessage());
                refuse(peer, ErrorCode.SERVICE_UNAVAILABLE, RemoteForwarding.unavailable(message.opType()), null);
            }
            return true;
        }
        try {
            events.message(new MessageEvent(peer, message.opType(), message.dataJson(), message.bytes(), jsonb));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "message observer for '" + message.opType() + "' failed for " + peer, e);
        }
        return true;
    }

    /**
     * Dispatches a client call; its one reply reaches {@code peer} now or later (at the latest
     * when the call timeout fires).
     *
     * @return {@code false} when the frame was invalid (it counts against the client's allowance)
     */
    public boolean call(Peer peer, InboundFrame.Call frame) {
        CallEvent call =
                new CallEvent(peer, frame.id(), frame.opType(), frame.dataJson(), frame.bytes(), jsonb, metrics);
        String problem = OpTypes.validateExact(frame.opType(), config.maxOpTypeLength());
        if (problem != null) {
            call.failWith(ErrorCode.INVALID_OP_TYPE, problem);
            return false;
        }
        call.timeoutAfter(scheduler.schedule(
                () -> call.failWith(ErrorCode.TIMEOUT, "no answer within " + config.callTimeoutMs() + " ms"),
                config.callTimeoutMs()));
        if (forwarding.handles(frame.opType())) {
            if (frame.bytes() != null) {
                call.failWith(ErrorCode.BAD_REQUEST, notForwarded(frame.opType()));
            } else {
                forwarding.call(call);
            }
            return true;
        }
        try {
            if (!events.call(call)) {
                call.failWith(ErrorCode.NO_HANDLER, "no handler for opType '" + frame.opType() + "'");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call observer for '" + frame.opType() + "' failed for " + peer, e);
            call.failWith(ErrorCode.HANDLER_ERROR, "the handler for '" + frame.opType() + "' failed");
        }
        return true;
    }

    /** Why a binary frame of a forwarded opType is refused (PROTOCOL.md §3.7). */
    private static String notForwarded(String opType) {
        return "'" + opType
                + "' is served by a service on the bus, and binary frames are not forwarded; send it as JSON";
    }

    /** Refuses a frame over the client's rate ({@code maxFramesPerSecond}): answered, not counted as invalid. */
    public void refuseRateLimited(Peer peer) {
        refuse(
                peer,
                ErrorCode.RATE_LIMITED,
                "more than " + config.maxFramesPerSecond() + " frames per second; this frame was dropped",
                null);
    }

    /** Refuses a client frame with an {@code error} frame, counted by its code. */
    public void refuse(Peer peer, ErrorCode code, String message, String id) {
        metrics.refused(code);
        peer.refuse(code, FrameEncoder.error(code, message, id));
    }
}
