package org.longconn.endpoint.inbound;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.bridge.ForwardException;
import org.longconn.bridge.InboundReply;
import org.longconn.bridge.InboundRequest;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.Peer;

/**
 * Forwards the opTypes matching the configured patterns to the services on the broker, and routes
 * their replies back to the pending calls of this node. A call's own timeout still applies: a
 * service that does not answer in time gets the client a {@code timeout} error.
 */
public final class RemoteForwarding implements Forwarding {

    private static final Logger LOG = Logger.getLogger(RemoteForwarding.class.getName());

    private final List<String> patterns;
    private final String nodeId;
    private final GatewayScheduler scheduler;
    private final long forgetAfterMs;
    private final Map<String, CallEvent> pending = new ConcurrentHashMap<>();
    private volatile BiConsumer<InboundRequest, Consumer<ForwardException>> sender = (request, refused) -> {
        throw new ForwardException("forwarding is not connected yet", null);
    };

    /**
     * @param patterns opTypes and patterns served outside the gateway
     * @param forgetAfterMs how long a call waits for its reply here (a little more than the call timeout)
     */
    public RemoteForwarding(List<String> patterns, String nodeId, GatewayScheduler scheduler, long forgetAfterMs) {
        this.patterns = List.copyOf(patterns);
        this.nodeId = nodeId;
        this.scheduler = scheduler;
        this.forgetAfterMs = forgetAfterMs;
    }

    /**
     * Connects the sending side (the broker bridge's {@code forward}): it throws when it cannot
     * start a send, and reports a later refusal to the consumer it is given.
     */
    public void sendThrough(BiConsumer<InboundRequest, Consumer<ForwardException>> sender) {
        this.sender = sender;
    }

    @Override
    public boolean handles(String opType) {
        for (String pattern : patterns) {
            if (OpTypes.matches(pattern, opType)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void message(Peer peer, String opType, String dataJson) {
        sender.accept(new InboundRequest(opType, peer.id(), peer.userId(), dataJson, null), refused -> {
            LOG.warning(() -> "message '" + opType + "' refused by the broker: " + refused.getMessage());
            peer.refuse(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    FrameEncoder.error(ErrorCode.SERVICE_UNAVAILABLE, unavailable(opType), null));
        });
    }

    @Override
    public void call(CallEvent call) {
        String correlationId = nodeId + "-" + UUID.randomUUID();
        pending.put(correlationId, call);
        scheduler.schedule(() -> pending.remove(correlationId), forgetAfterMs);
        Consumer<ForwardException> notForwarded = e -> {
            pending.remove(correlationId);
            LOG.warning(() -> "call '" + call.opType() + "' not forwarded: " + e.getMessage());
            call.failWith(ErrorCode.SERVICE_UNAVAILABLE, unavailable(call.opType()));
        };
        try {
            sender.accept(
                    new InboundRequest(call.opType(), call.sessionId(), call.userId(), call.dataJson(), correlationId),
                    notForwarded);
        } catch (ForwardException e) {
            notForwarded.accept(e);
        }
    }

    /** A service answered one of this node's calls. */
    public void replied(InboundReply reply) {
        CallEvent call = pending.remove(reply.correlationId());
        if (call == null) {
            LOG.fine(() -> "reply " + reply.correlationId() + " came after its call was answered or forgotten");
            return;
        }
        if (reply.isError()) {
            if (reply.errorCode().isBlank()) {
                call.failWith(ErrorCode.HANDLER_ERROR, "the service failed the call without an error code");
            } else {
                call.fail(reply.errorCode(), reply.errorMessage() == null ? "" : reply.errorMessage());
            }
            return;
        }
        try {
            call.replyJson(reply.dataJson() == null || reply.dataJson().isBlank() ? "null" : reply.dataJson());
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "the service's reply to '" + call.opType() + "' is not JSON: " + e.getMessage());
            call.failWith(ErrorCode.HANDLER_ERROR, "the service's reply was not valid JSON");
        }
    }

    /** What clients are told; the broker's address and errors stay in the log. */
    static String unavailable(String opType) {
        return "the service for '" + opType + "' cannot be reached right now; retry later";
    }

    /** Calls waiting for a reply on this node. */
    public int pendingCalls() {
        return pending.size();
    }
}
