package org.longconn.endpoint.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.bus.PushHandler;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/** This node's handler of the bus: match, encode once, enqueue per session. */
@ApplicationScoped
public class PushRouter implements PushHandler {

    private static final Logger LOG = Logger.getLogger(PushRouter.class.getName());

    private SubscriptionIndex index;
    private SessionRegistry sessions;

    /** For CDI proxies only. */
    protected PushRouter() {}

    @Inject
    public PushRouter(SubscriptionIndex index, SessionRegistry sessions) {
        this.index = index;
        this.sessions = sessions;
    }

    /**
     * Delivers {@code push} to this node's matching sessions.
     *
     * @return how many sessions accepted it into their outbox
     */
    public int route(Push push, long timestamp) {
        OutboundFrame frame = null;
        int delivered = 0;
        Iterable<String> candidates = candidates(push);
        boolean checkSubscription = !(push.target() instanceof PushTarget.Subscribers);
        for (String sessionId : candidates) {
            if (checkSubscription && !index.isSubscribed(sessionId, push.opType())) {
                continue;
            }
            GatewaySession session = sessions.get(sessionId);
            if (session == null || session.isClosing()) {
                continue;
            }
            if (frame == null) {
                frame = FrameEncoder.push(push.opType(), timestamp, push.payload());
            }
            try {
                if (session.send(frame)) {
                    delivered++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery of '" + push.opType() + "' to " + session + " failed; going on", e);
            }
        }
        return delivered;
    }

    /** Subscribers come from the index; user and session targets are few, checked one by one. */
    private Iterable<String> candidates(Push push) {
        PushTarget target = push.target();
        if (target instanceof PushTarget.User user) {
            return sessions.sessionsOf(user.userId());
        }
        if (target instanceof PushTarget.Session one) {
            return List.of(one.sessionId());
        }
        return index.find(push.opType());
    }

    @Override
    public void onPush(Push push, long timestamp) {
        route(push, timestamp);
    }
}
