package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.longconn.api.bus.Position;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.subscription.UserSubscriptions;

/**
 * Subscriptions the application makes for sessions (PROTOCOL.md §17): now, for a session that is
 * open; and for a new session, its user's subscriptions and the handshake's, which wait for the
 * client's first {@code subscribe} (or {@value #GRACE_MS} ms): those the client names there resume
 * from the client's own positions, the others are subscribed by the server, resuming from the
 * node's position at the session's open, so that nothing pushed since is lost.
 */
@ApplicationScoped
public class ServerSubscriber {

    /** How long a new session has for its first {@code subscribe} before the server subscribes the rest. */
    public static final long GRACE_MS = 1_000;

    private SubscriptionService subscriptions;
    private DeliveryOrder order;
    private UserSubscriptions users;
    private GatewayScheduler scheduler;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** For CDI proxies only. */
    protected ServerSubscriber() {}

    @Inject
    public ServerSubscriber(
            SubscriptionService subscriptions,
            DeliveryOrder order,
            UserSubscriptions users,
            GatewayScheduler scheduler) {
        this.subscriptions = subscriptions;
        this.order = order;
        this.users = users;
        this.scheduler = scheduler;
    }

    /**
     * The server-made subscriptions of a new session, waiting for its first subscribe. Read and
     * changed under the session's {@link GatewaySession#subscriptionChanges()} lock.
     */
    private static final class Waiting {
        private final Set<String> opTypes = new LinkedHashSet<>();
        private final Position openedAt;

        Waiting(Position openedAt) {
            this.openedAt = openedAt;
        }
    }

    /**
     * A session is being opened (before it is registered, before {@code welcome}): what the server
     * subscribes for it meanwhile (an observer of its opening, a control request) waits.
     */
    public void opening(GatewaySession session) {
        waiting.put(session.id(), new Waiting(order.position()));
    }

    /**
     * The session's {@code welcome} is queued: with the handshake's {@code initial} subscriptions
     * and its user's, what waits is made after its first subscribe, or after {@value #GRACE_MS} ms.
     */
    public void opened(GatewaySession session, List<String> initial) {
        synchronized (session.subscriptionChanges()) {
            Waiting pending = waiting.get(session.id());
            if (pending == null) {
                return;
            }
            pending.opTypes.addAll(initial);
            if (session.userId() != null) {
                pending.opTypes.addAll(users.of(session.userId()));
            }
            if (pending.opTypes.isEmpty()) {
                waiting.remove(session.id());
                return;
            }
        }
        // The subscription checks are application code: they run on an application thread.
        scheduler.schedule(() -> scheduler.application(() -> settle(session)), GRACE_MS);
    }

    /** Before the client's {@code subscribe} is handled: the waiting ones it names are its own to resume. */
    public void clientSubscribes(GatewaySession session, InboundFrame.Subscribe request) {
        synchronized (session.subscriptionChanges()) {
            Waiting pending = waiting.get(session.id());
            if (pending != null) {
                pending.opTypes.removeAll(request.opTypes());
            }
        }
    }

    /** After the client's first {@code subscribe}, or the grace: the server subscribes what is still waiting. */
    public void settle(GatewaySession session) {
        synchronized (session.subscriptionChanges()) {
            Waiting pending = waiting.remove(session.id());
            if (pending == null || pending.opTypes.isEmpty() || session.isClosing()) {
                return;
            }
            // Under the session's lock: a take-back cannot slip in between.
            subscriptions.subscribeByServer(session, List.copyOf(pending.opTypes), pending.openedAt);
        }
    }

    /** Subscribes {@code session} to {@code opType} now (or, for a new session, when it settles). */
    public void subscribe(GatewaySession session, String opType) {
        synchronized (session.subscriptionChanges()) {
            Waiting pending = waiting.get(session.id());
            if (pending != null) {
                pending.opTypes.add(opType);
                return;
            }
            subscriptions.subscribeByServer(session, List.of(opType), null);
        }
    }

    /** Unsubscribes {@code session} from {@code opType}, telling the client. */
    public void unsubscribe(GatewaySession session, String opType) {
        synchronized (session.subscriptionChanges()) {
            Waiting pending = waiting.get(session.id());
            if (pending != null) {
                pending.opTypes.remove(opType);
            }
            subscriptions.unsubscribeByServer(session, List.of(opType));
        }
    }

    /** The session ended: nothing waits for it any more. */
    public void ended(GatewaySession session) {
        waiting.remove(session.id());
    }
}
