package org.longconn.endpoint.cluster;

import java.util.List;
import java.util.function.Consumer;
import org.longconn.api.OpTypes;
import org.longconn.endpoint.inbound.ServerSubscriber;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.UserSubscriptions;

/**
 * What the control channel's subscription requests do on this node (PROTOCOL.md §17): a user's
 * subscription is kept for the user's future sessions and made for the user's sessions here; a
 * session's is made if the session is here. Each counts the sessions it subscribed or unsubscribed.
 */
final class SubscriptionActions {

    static final String SUBSCRIBE_USER = "subscribe-user";
    static final String UNSUBSCRIBE_USER = "unsubscribe-user";
    static final String SUBSCRIBE_SESSION = "subscribe-session";
    static final String UNSUBSCRIBE_SESSION = "unsubscribe-session";

    private final SessionRegistry sessions;
    private final UserSubscriptions users;
    private final ServerSubscriber subscriber;
    private final int maxPerUser;
    private final int maxOpTypeLength;

    SubscriptionActions(
            SessionRegistry sessions,
            UserSubscriptions users,
            ServerSubscriber subscriber,
            int maxPerUser,
            int maxOpTypeLength) {
        this.sessions = sessions;
        this.users = users;
        this.subscriber = subscriber;
        this.maxPerUser = maxPerUser;
        this.maxOpTypeLength = maxOpTypeLength;
    }

    /** Whether {@code action} is one of these (they run application code: not on the bus's thread). */
    static boolean isOne(String action) {
        return action.equals(SUBSCRIBE_USER)
                || action.equals(UNSUBSCRIBE_USER)
                || action.equals(SUBSCRIBE_SESSION)
                || action.equals(UNSUBSCRIBE_SESSION);
    }

    /** Whether {@code opType} may be kept (a copy from another node, or an old node's request, is checked too). */
    boolean valid(String opType) {
        return OpTypes.validatePattern(opType, maxOpTypeLength) == null;
    }

    /** Does {@code action} for {@code target} (a user or a session id) and {@code opType}. */
    int act(String action, String target, String opType) {
        if (!valid(opType)) {
            throw new IllegalArgumentException("'" + opType + "' is no valid opType or pattern");
        }
        return switch (action) {
            case SUBSCRIBE_USER -> {
                if (!users.add(target, opType, maxPerUser)) {
                    throw new IllegalArgumentException("user " + target + " holds as many server-made subscriptions as"
                            + " a session may (" + maxPerUser + "), or too many users hold some");
                }
                yield forEachSessionOf(target, session -> subscriber.subscribe(session, opType));
            }
            case UNSUBSCRIBE_USER -> {
                users.remove(target, opType);
                yield forEachSessionOf(target, session -> subscriber.unsubscribe(session, opType));
            }
            case SUBSCRIBE_SESSION -> onSession(target, session -> subscriber.subscribe(session, opType));
            case UNSUBSCRIBE_SESSION -> onSession(target, session -> subscriber.unsubscribe(session, opType));
            default -> throw new IllegalArgumentException("not a subscription action: " + action);
        };
    }

    private int forEachSessionOf(String userId, Consumer<GatewaySession> action) {
        int count = 0;
        for (String sessionId : List.copyOf(sessions.sessionsOf(userId))) {
            count += onSession(sessionId, action);
        }
        return count;
    }

    private int onSession(String sessionId, Consumer<GatewaySession> action) {
        GatewaySession session = sessions.get(sessionId);
        if (session == null || session.isClosing()) {
            return 0;
        }
        action.accept(session);
        return 1;
    }
}
