package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.SessionCaps;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.FrameException;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.InboundLimiter;
import org.longconn.endpoint.session.MessageAssembler;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.session.Transport;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/**
 * The life of a connection, independent of the socket API: open (register, welcome), each
 * inbound frame (limits, decode, handle), close (unregister, event). Every bad frame is answered
 * with an {@code error} frame (or a failed reply for calls) and counted; past the allowance the
 * session is closed with {@link CloseCodes#PROTOCOL_VIOLATION}.
 */
@ApplicationScoped
public class InboundHandler {

    private static final Logger LOG = Logger.getLogger(InboundHandler.class.getName());

    private GatewayConfig config;
    private SessionRegistry sessions;
    private SubscriptionIndex index;
    private SubscriptionService subscriptions;
    private EventDispatcher events;
    private TrafficHandler traffic;
    private SessionRefresh refreshes;
    private ServerSubscriber serverSubscriber;
    private GatewayScheduler scheduler;
    private GatewayMetrics metrics;
    private SessionCaps caps;

    /** For CDI proxies only. */
    protected InboundHandler() {}

    @Inject
    public InboundHandler(
            GatewayConfig config,
            SessionRegistry sessions,
            SubscriptionIndex index,
            SubscriptionService subscriptions,
            EventDispatcher events,
            TrafficHandler traffic,
            SessionRefresh refreshes,
            ServerSubscriber serverSubscriber,
            GatewayScheduler scheduler,
            GatewayMetrics metrics,
            SessionCaps caps) {
        this.traffic = traffic;
        this.refreshes = refreshes;
        this.serverSubscriber = serverSubscriber;
        this.metrics = metrics;
        this.caps = caps;
        this.config = config;
        this.sessions = sessions;
        this.index = index;
        this.subscriptions = subscriptions;
        this.events = events;
        this.scheduler = scheduler;
    }

    /** A handshake completed: registers the session, fires {@link SessionOpened}, sends {@code welcome}. */
    public GatewaySession opened(Transport transport, String userId) {
        return opened(transport, userId, 0, List.of());
    }

    /**
     * As {@link #opened(Transport, String)}, for a session whose credentials expire at {@code
     * expiresAtMs} (ms since the epoch; 0 when they do not): {@code welcome} says when, and the
     * {@link org.longconn.endpoint.lifecycle.ExpiryWatch} asks for a refresh before it; and with
     * the handshake's {@code subscriptions}, which the server makes for it ({@link ServerSubscriber}).
     */
    public GatewaySession opened(Transport transport, String userId, long expiresAtMs, List<String> subscriptions) {
        long now = System.nanoTime();
        Disconnect over = overCap(userId);
        if (over != null) {
            // Neither registered nor announced to the application: it is told why, then closed.
            GatewaySession refused = newSession(
                    UUID.randomUUID().toString(), transport, userId, now, limiter(now), (session, code, reason) -> {});
            refused.disconnect(over);
            metrics.closed(over.code());
            return refused;
        }
        GatewaySession session =
                newSession(UUID.randomUUID().toString(), transport, userId, now, limiter(now), this::ended);
        serverSubscriber.opening(session);
        sessions.add(session);
        try {
            events.opened(new SessionOpened(session.id(), userId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SessionOpened observer failed for " + session, e);
        }
        session.send(FrameEncoder.welcome(new FrameEncoder.Welcome(
                session.id(),
                userId,
                config.heartbeatIntervalMs(),
                config.idleTimeoutMs(),
                config.callTimeoutMs(),
                config.maxFrameBytes(),
                config.maxSubscriptions(),
                config.maxOpTypeLength(),
                expiresAtMs)));
        // After welcome: nothing about the expiry may reach the client before it.
        session.expiry().set(expiresAtMs, System.currentTimeMillis());
        serverSubscriber.opened(session, subscriptions);
        return session;
    }

    private InboundLimiter limiter(long now) {
        return new InboundLimiter(config.maxFramesPerSecond(), config.maxBadFrames(), now);
    }

    private GatewaySession newSession(
            String id,
            Transport transport,
            String userId,
            long now,
            InboundLimiter limiter,
            GatewaySession.TerminationListener termination) {
        return new GatewaySession(
                id,
                userId,
                transport,
                new GatewaySession.OutboxLimits(config.outboxMaxMessages(), config.outboxMaxBytes()),
                limiter,
                new MessageAssembler(config.maxFrameBytes()),
                scheduler,
                termination,
                now);
    }

    /** Why a new session of {@code userId} may not open on this node, or {@code null} when it may. */
    private Disconnect overCap(String userId) {
        if (!caps.nodeTakes(sessions.size())) {
            return Disconnect.reconnect(
                    CloseCodes.NODE_FULL, "node full: it holds " + caps.maxSessions() + " sessions; try another node");
        }
        if (userId != null && !caps.userTakes(sessions.sessionsOf(userId).size())) {
            return Disconnect.stop(
                    CloseCodes.TOO_MANY_SESSIONS,
                    "too many sessions: this user holds " + caps.maxSessionsPerUser() + " on this node");
        }
        return null;
    }

    /**
     * One part of an inbound text message. Parts are joined up to the frame limit; a larger
     * message is discarded and answered with {@code frame_too_large}. Never throws.
     */
    public void onTextPart(GatewaySession session, String part, boolean last) {
        MessageAssembler.Result result = session.assembler().append(part, last);
        if (result == MessageAssembler.Result.COMPLETE) {
            onFrame(session, ArrivedFrame.text(session.assembler().take()));
        } else {
            partArrived(session, result);
        }
    }

    /**
     * One part of an inbound binary message (PROTOCOL.md §3.7), joined like text parts. Never
     * throws.
     */
    public void onBinaryPart(GatewaySession session, ByteBuffer part, boolean last) {
        MessageAssembler.Result result = session.assembler().append(part, last);
        if (result == MessageAssembler.Result.COMPLETE) {
            onFrame(session, ArrivedFrame.binary(session.assembler().takeBytes()));
        } else {
            partArrived(session, result);
        }
    }

    private void partArrived(GatewaySession session, MessageAssembler.Result result) {
        long now = System.nanoTime();
        session.touch(now);
        if (result == MessageAssembler.Result.OVERSIZE && !session.isClosing()) {
            rejectOversize(session, now);
        }
    }

    /** One complete inbound text message. Never throws. */
    public void onText(GatewaySession session, String text) {
        onFrame(session, ArrivedFrame.text(text));
    }

    private void onFrame(GatewaySession session, ArrivedFrame arrived) {
        long now = System.nanoTime();
        session.touch(now);
        if (session.isClosing()) {
            return;
        }
        try {
            if (!session.limiter().tryAcquire(now)) {
                // Answered but not counted as invalid: a burst (an SDK flushing its queue) is not misuse.
                traffic.refuseRateLimited(session);
                return;
            }
            if (arrived.isLargerThan(config.maxFrameBytes())) {
                rejectOversize(session, now);
                return;
            }
            InboundFrame frame;
            try {
                frame = arrived.decode();
            } catch (FrameException e) {
                reject(session, e.code(), e.getMessage(), e.requestId(), now);
                return;
            }
            handle(session, frame, now);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure handling a frame of " + session, e);
            traffic.refuse(session, ErrorCode.INTERNAL_ERROR, "the server failed to handle this frame", null);
        }
    }

    /** The container reports the connection closed. Never throws. */
    public void closed(GatewaySession session, int code, String reason) {
        session.terminate(code, reason);
    }

    /** The session ended (reported once, by the container or by a server-side close). */
    private void ended(GatewaySession session, int code, String reason) {
        LOG.fine(() -> session + " ended: " + code + " " + reason);
        metrics.closed(code);
        sessions.remove(session);
        serverSubscriber.ended(session);
        subscriptions.ended(session);
        index.unregisterAll(session.id());
        try {
            events.closed(new SessionClosed(session.id(), session.userId(), code, reason == null ? "" : reason));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SessionClosed observer failed for " + session, e);
        }
    }

    private void handle(GatewaySession session, InboundFrame frame, long now) {
        if (frame instanceof InboundFrame.Ping ping) {
            session.send(FrameEncoder.pong(ping.id()));
        } else if (frame instanceof InboundFrame.BareHeartbeat) {
            session.send(FrameEncoder.BARE_PONG);
        } else if (frame instanceof InboundFrame.Subscribe subscribe) {
            serverSubscriber.clientSubscribes(session, subscribe);
            subscriptions.subscribe(session, subscribe);
            serverSubscriber.settle(session);
        } else if (frame instanceof InboundFrame.Unsubscribe unsubscribe) {
            subscriptions.unsubscribe(session, unsubscribe);
        } else if (frame instanceof InboundFrame.Message message) {
            if (!traffic.message(session, message)) {
                strike(session, now);
            }
        } else if (frame instanceof InboundFrame.Call call) {
            if (!traffic.call(session, call)) {
                strike(session, now);
            }
        } else if (frame instanceof InboundFrame.Refresh refresh) {
            refreshes.refresh(session, refresh);
        }
    }

    private void reject(GatewaySession session, ErrorCode code, String message, String id, long now) {
        LOG.fine(() -> session + ": " + code.wire() + ": " + message);
        traffic.refuse(session, code, message, id);
        strike(session, now);
    }

    private void strike(GatewaySession session, long now) {
        if (session.limiter().recordBadFrame(now)) {
            LOG.info(() ->
                    session + " sent more than " + config.maxBadFrames() + " invalid frames in a minute; closing");
            session.disconnect(Disconnect.stop(
                    CloseCodes.PROTOCOL_VIOLATION,
                    "too many invalid frames (over " + config.maxBadFrames() + " per minute)"));
        }
    }

    private void rejectOversize(GatewaySession session, long now) {
        reject(session, ErrorCode.FRAME_TOO_LARGE, ArrivedFrame.tooLarge(config.maxFrameBytes()), null, now);
    }
}
