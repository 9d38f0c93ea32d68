package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.SubscriptionResult;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/**
 * Subscribes and unsubscribes sessions, one answer per requested opType: syntax, the per-session
 * cap, then the application's {@link org.longconn.api.event.SubscriptionRequest} observers.
 * Subscribing twice, or unsubscribing what is not held, succeeds (both are idempotent).
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class.getName());

    private SubscriptionIndex index;
    private EventDispatcher events;
    private GatewayConfig config;

    /** For CDI proxies only. */
    protected SubscriptionService() {}

    @Inject
    public SubscriptionService(SubscriptionIndex index, EventDispatcher events, GatewayConfig config) {
        this.index = index;
        this.events = events;
        this.config = config;
    }

    public List<SubscriptionResult> subscribe(GatewaySession session, List<String> opTypes) {
        List<SubscriptionResult> results = new ArrayList<>(opTypes.size());
        for (String opType : opTypes) {
            results.add(subscribe(session, opType));
        }
        return results;
    }

    public List<SubscriptionResult> unsubscribe(GatewaySession session, List<String> opTypes) {
        List<SubscriptionResult> results = new ArrayList<>(opTypes.size());
        for (String opType : opTypes) {
            String problem = OpTypes.validatePattern(opType, config.maxOpTypeLength());
            if (problem != null) {
                results.add(SubscriptionResult.failed(opType, ErrorCode.INVALID_OP_TYPE, problem));
            } else {
                index.unregister(session.id(), opType);
                results.add(SubscriptionResult.ok(opType));
            }
        }
        return results;
    }

    private SubscriptionResult subscribe(GatewaySession session, String opType) {
        String problem = OpTypes.validatePattern(opType, config.maxOpTypeLength());
        if (problem != null) {
            return SubscriptionResult.failed(opType, ErrorCode.INVALID_OP_TYPE, problem);
        }
        if (index.holds(session.id(), opType)) {
            return SubscriptionResult.ok(opType);
        }
        if (index.subscriptionCount(session.id()) >= config.maxSubscriptions()) {
            return SubscriptionResult.failed(opType, ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "a session may hold " + config.maxSubscriptions() + " subscriptions; unsubscribe some first");
        }
        SubscriptionEvent request = new SubscriptionEvent(session, opType);
        try {
            events.subscription(request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "subscription observer failed for '" + opType + "' of " + session, e);
            return SubscriptionResult.failed(opType, ErrorCode.HANDLER_ERROR, "the subscription check failed on the server");
        }
        if (request.isDenied()) {
            return SubscriptionResult.failed(opType, ErrorCode.SUBSCRIPTION_DENIED, request.denial());
        }
        index.register(session.id(), opType);
        if (session.isTerminated()) {
            // The session ended (idle, slow, disconnected) while this subscribe ran; its
            // unregisterAll may have come before our register, so take the entry back out.
            index.unregister(session.id(), opType);
        }
        return SubscriptionResult.ok(opType);
    }
}
