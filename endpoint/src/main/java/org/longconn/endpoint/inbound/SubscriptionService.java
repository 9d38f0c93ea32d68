package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.bus.Position;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.history.PushHistory;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.presence.ClusterPresence;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.protocol.SubscriptionResult;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.Outbox;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/**
 * Subscribes and unsubscribes sessions, one answer per requested opType: syntax, the per-session
 * cap, then the application's {@link org.longconn.api.event.SubscriptionRequest} observers; and
 * resumes subscriptions from the client's positions out of the node's push history. Subscribing
 * twice, or unsubscribing what is not held, succeeds (both are idempotent); a position given for
 * an opType the session already holds is ignored (its pushes are flowing already).
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class.getName());

    private SubscriptionIndex index;
    private EventDispatcher events;
    private GatewayConfig config;
    private DeliveryOrder order;

    private GatewayMetrics metrics;
    private ClusterPresence presence;
    /** By session: the server-made subscriptions that resumed from the session's open (see {@link #rememberServerMade}). */
    private final Map<String, Map<String, Position>> serverMade = new ConcurrentHashMap<>();

    /** For CDI proxies only. */
    protected SubscriptionService() {}

    @Inject
    public SubscriptionService(
            SubscriptionIndex index,
            EventDispatcher events,
            GatewayConfig config,
            DeliveryOrder order,
            GatewayMetrics metrics,
            ClusterPresence presence) {
        this.index = index;
        this.events = events;
        this.config = config;
        this.order = order;
        this.metrics = metrics;
        this.presence = presence;
    }

    /**
     * Subscribes {@code session} to {@code request}'s opTypes and answers it: the {@code subscribed}
     * frame (each successful result with the subscription's position and, when the client gave a
     * position to resume from, whether it was recovered), then the pushes it missed, in order,
     * then, through the router, live pushes. Checks (syntax, cap, the application's observers) run
     * first; registering, the answer and the replay run in the node's {@link DeliveryOrder}, so
     * that no push is both replayed and delivered live, and none falls between the two.
     */
    public void subscribe(GatewaySession session, InboundFrame.Subscribe request) {
        subscribe(session, request, false);
    }

    /**
     * Subscribes {@code session} to {@code opTypes} on the application's behalf (PROTOCOL.md §17),
     * with the same checks as a client's subscribe, answered with a {@code subscribed} frame marked
     * {@code server}. With {@code from}, each resumes from it (the session's open, for the
     * subscriptions a new session gets): what came since is replayed, so nothing is lost.
     */
    public void subscribeByServer(GatewaySession session, List<String> opTypes, Position from) {
        Map<String, String> positions = new LinkedHashMap<>();
        if (from != null) {
            opTypes.forEach(opType -> positions.put(opType, from.wire()));
        }
        subscribe(session, new InboundFrame.Subscribe(null, opTypes, positions), true);
    }

    private void subscribe(GatewaySession session, InboundFrame.Subscribe request, boolean server) {
        boolean drain;
        synchronized (session.subscriptionChanges()) {
            drain = subscribeInOrder(session, request, server);
        }
        if (drain) {
            // Outside the delivery order: the answer and the replay are written from here.
            session.drain();
        }
    }

    /** @return whether the session's outbox was idle, so that the caller must drain it */
    private boolean subscribeInOrder(GatewaySession session, InboundFrame.Subscribe request, boolean server) {
        List<SubscriptionResult> results = new ArrayList<>(request.opTypes().size());
        Set<String> fresh = new LinkedHashSet<>();
        for (String opType : request.opTypes()) {
            results.add(admit(session, opType, fresh, request.presence().contains(opType)));
        }
        List<PushHistory.Resume> resumes = new ArrayList<>();
        for (String opType : fresh) {
            String from = request.positions().get(opType);
            if (from != null) {
                resumes.add(new PushHistory.Resume(opType, from));
            }
        }
        Map<String, Position> madeFrom = server ? null : serverMade.remove(session.id());
        boolean[] drain = new boolean[1];
        order.subscribe(new DeliveryOrder.Subscribing() {
            @Override
            public void register() {
                fresh.forEach(opType -> index.register(session.id(), opType));
                if (session.isTerminated()) {
                    // The session ended (idle, slow, disconnected) while the checks ran; its
                    // unregisterAll may have come before our register, so take the entries back out.
                    fresh.forEach(opType -> index.unregister(session.id(), opType));
                }
            }

            @Override
            public List<PushHistory.Resume> resumes() {
                return resumes;
            }

            @Override
            public String user() {
                return session.userId();
            }

            @Override
            public int maxPushes() {
                return config.outboxMaxMessages() / 2;
            }

            @Override
            public long maxBytes() {
                return config.outboxMaxBytes() / 2;
            }

            @Override
            public void answer(Position now, PushHistory.Replay<OutboundFrame> replay) {
                if (replay != null) {
                    skipWhatTheClientHas(session, resumes, replay, now);
                }
                List<SubscriptionResult> answered = new ArrayList<>(results.size());
                for (SubscriptionResult result : results) {
                    boolean resumed = result.isOk()
                            && fresh.contains(result.opType())
                            && request.positions().containsKey(result.opType());
                    if (resumed) {
                        metrics.resumed(replay.recovered(result.opType()));
                    }
                    Boolean recovered = resumed ? replay.recovered(result.opType()) : null;
                    if (!resumed && result.isOk() && madeFrom != null) {
                        recovered = missedBeforeServerMade(
                                madeFrom.get(result.opType()),
                                request.positions().get(result.opType()));
                    }
                    answered.add(result.isOk() ? result.at(now.wire(), recovered) : result);
                }
                if (server
                        && request.positions() != null
                        && !request.positions().isEmpty()) {
                    rememberServerMade(session, fresh, request.positions());
                }
                drain[0] |=
                        queue(session, FrameEncoder.subscriptionResults("subscribed", request.id(), answered, server));
                if (replay != null) {
                    replay.frames().forEach(frame -> drain[0] |= queue(session, frame));
                }
            }
        });
        // After the answer: the session's own user counts in its snapshot, which follows the answer.
        presence.subscribed(session, fresh);
        Set<String> watched = new LinkedHashSet<>();
        for (SubscriptionResult result : results) {
            if (result.presence() && watched.add(result.opType())) {
                drain[0] |= presence.watch(session, result.opType());
            }
        }
        return drain[0];
    }

    /** Queues without writing (this runs in the delivery order); whether a drain is owed. */
    private static boolean queue(GatewaySession session, OutboundFrame frame) {
        return session.enqueue(frame) == Outbox.Offer.DRAIN;
    }

    /**
     * The session's server-made subscriptions that resumed from its open, by opType: a client
     * whose own subscribe for one of them comes later, with an older position, missed what lies
     * between (PROTOCOL.md §17), and is told so.
     */
    private void rememberServerMade(GatewaySession session, Set<String> fresh, Map<String, String> positions) {
        Map<String, Position> made = serverMade.computeIfAbsent(session.id(), id -> new ConcurrentHashMap<>());
        for (String opType : fresh) {
            Position from = Position.parse(positions.get(opType));
            if (from != null) {
                made.put(opType, from);
            }
        }
        if (session.isTerminated()) {
            serverMade.remove(session.id());
        }
    }

    /**
     * For a subscription the server made from {@code madeFrom}, which the client now asks to resume
     * from {@code clientPosition}: {@code false} when the client's position is older (what lies
     * between is not replayed: it must reload), else {@code null} (nothing to say).
     */
    private static Boolean missedBeforeServerMade(Position madeFrom, String clientPosition) {
        if (madeFrom == null || clientPosition == null) {
            return null;
        }
        Position client = Position.parse(clientPosition);
        return client != null && madeFrom.isCoveredBy(client) ? null : Boolean.FALSE;
    }

    /** The session ended: forget what it had of the server's. */
    public void ended(GatewaySession session) {
        serverMade.remove(session.id());
        presence.ended(session);
    }

    /**
     * A client coming from a node that had received more than this one has pushes beyond this
     * node's position; those arrive here live later and must not reach it twice through the
     * subscriptions that had them.
     */
    private static void skipWhatTheClientHas(
            GatewaySession session,
            List<PushHistory.Resume> resumes,
            PushHistory.Replay<OutboundFrame> replay,
            Position now) {
        for (PushHistory.Resume resume : resumes) {
            Position from = Position.parse(resume.position());
            if (replay.recovered(resume.opType()) && from != null && from.isAfter(now)) {
                session.alreadyHasThrough(resume.opType(), from);
            }
        }
    }

    /**
     * Unsubscribes {@code session} from {@code request}'s opTypes and answers it with the {@code
     * unsubscribed} frame, one result per opType.
     */
    public void unsubscribe(GatewaySession session, InboundFrame.Unsubscribe request) {
        session.send(
                FrameEncoder.subscriptionResults("unsubscribed", request.id(), unregister(session, request.opTypes())));
    }

    /** Unsubscribes {@code session} on the application's behalf: {@code unsubscribed} marked {@code server}. */
    public void unsubscribeByServer(GatewaySession session, List<String> opTypes) {
        session.send(FrameEncoder.subscriptionResults("unsubscribed", null, unregister(session, opTypes), true));
    }

    private List<SubscriptionResult> unregister(GatewaySession session, List<String> opTypes) {
        // One change at a time per session, as subscribes: else a subscribe of the server's on
        // another thread could count the session in presence after this took it out.
        synchronized (session.subscriptionChanges()) {
            return unregisterInOrder(session, opTypes);
        }
    }

    private List<SubscriptionResult> unregisterInOrder(GatewaySession session, List<String> opTypes) {
        List<SubscriptionResult> results = new ArrayList<>(opTypes.size());
        for (String opType : opTypes) {
            String problem = OpTypes.validatePattern(opType, config.maxOpTypeLength());
            if (problem != null) {
                results.add(SubscriptionResult.failed(opType, ErrorCode.INVALID_OP_TYPE, problem));
            } else {
                index.unregister(session.id(), opType);
                presence.unsubscribed(session, opType);
                results.add(SubscriptionResult.ok(opType));
            }
        }
        return results;
    }

    /**
     * Checks one requested opType; a new, allowed one joins {@code fresh} (registered later, under
     * the delivery order). Counting {@code fresh} keeps the cap exact within one request. With
     * {@code watch} (presence asked), one already held is checked again, for its presence.
     */
    private SubscriptionResult admit(GatewaySession session, String opType, Set<String> fresh, boolean watch) {
        String problem = OpTypes.validatePattern(opType, config.maxOpTypeLength());
        if (problem != null) {
            return SubscriptionResult.failed(opType, ErrorCode.INVALID_OP_TYPE, problem);
        }
        if (watch && OpTypes.isPattern(opType)) {
            return SubscriptionResult.failed(
                    opType,
                    ErrorCode.INVALID_PRESENCE,
                    "presence is kept for exact opTypes; '" + opType
                            + "' is a pattern: name the exact opTypes to watch in 'presence'");
        }
        if (index.holds(session.id(), opType) || fresh.contains(opType)) {
            return watch
                    ? watching(check(session.id(), session.userId(), opType, true))
                    : SubscriptionResult.ok(opType);
        }
        if (index.subscriptionCount(session.id()) + fresh.size() >= config.maxSubscriptions()) {
            return SubscriptionResult.failed(
                    opType,
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "a session may hold " + config.maxSubscriptions() + " subscriptions; unsubscribe some first");
        }
        SubscriptionResult result = check(session.id(), session.userId(), opType, watch);
        if (result.isOk()) {
            fresh.add(opType);
        }
        return watch ? watching(result) : result;
    }

    private static SubscriptionResult watching(SubscriptionResult checked) {
        return checked.isOk() ? checked.watching() : checked;
    }

    /**
     * Asks the application's {@link org.longconn.api.event.SubscriptionRequest} observers about
     * {@code opType} (already valid) for a session, or for a poll, which checks its opTypes on every
     * request: polls keep no subscriptions.
     *
     * @param sessionId the session's id, or the poll's
     * @return success, or the denial or observer failure to answer with
     */
    public SubscriptionResult check(String sessionId, String userId, String opType) {
        return check(sessionId, userId, opType, false);
    }

    /** {@link #check(String, String, String)}, for a session that also asks presence when {@code presence}. */
    private SubscriptionResult check(String sessionId, String userId, String opType, boolean presence) {
        SubscriptionEvent request = new SubscriptionEvent(sessionId, userId, opType, presence);
        try {
            events.subscription(request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "subscription observer failed for '" + opType + "' of " + sessionId, e);
            return SubscriptionResult.failed(
                    opType, ErrorCode.HANDLER_ERROR, "the subscription check failed on the server");
        }
        if (request.isDenied()) {
            return SubscriptionResult.failed(opType, ErrorCode.SUBSCRIPTION_DENIED, request.denial());
        }
        return SubscriptionResult.ok(opType);
    }
}
