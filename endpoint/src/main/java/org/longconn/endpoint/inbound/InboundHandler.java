package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.bridge.ForwardException;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.SessionCaps;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameDecoder;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.FrameException;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.InboundLimiter;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.session.TextAssembler;
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

    private final FrameDecoder decoder = new FrameDecoder();
    private GatewayConfig config;
    private SessionRegistry sessions;
    private SubscriptionIndex index;
    private SubscriptionService subscriptions;
    private EventDispatcher events;
    private GatewayScheduler scheduler;
    private Jsonb jsonb;
    private Forwarding forwarding;

    /** The id prefix of a posted frame's one-request session (PROTOCOL.md §15.2). */
    private static final String POSTED_PREFIX = "post-";

    private GatewayMetrics metrics;
    private SessionCaps caps;
    private PostedLimiters posted;

    /** For CDI proxies only. */
    protected InboundHandler() {}

    @Inject
    public InboundHandler(
            GatewayConfig config,
            SessionRegistry sessions,
            SubscriptionIndex index,
            SubscriptionService subscriptions,
            EventDispatcher events,
            GatewayScheduler scheduler,
            Jsonb jsonb,
            Forwarding forwarding,
            GatewayMetrics metrics,
            SessionCaps caps) {
        this.forwarding = forwarding;
        this.metrics = metrics;
        this.caps = caps;
        this.config = config;
        this.sessions = sessions;
        this.index = index;
        this.subscriptions = subscriptions;
        this.events = events;
        this.scheduler = scheduler;
        this.jsonb = jsonb;
        this.posted = new PostedLimiters(config.maxFramesPerSecond(), config.maxBadFrames());
    }

    /** A handshake completed: registers the session, fires {@link SessionOpened}, sends {@code welcome}. */
    public GatewaySession opened(Transport transport, String userId) {
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
                config.maxOpTypeLength())));
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
                new TextAssembler(config.maxFrameBytes()),
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
        switch (session.assembler().append(part, last)) {
            case COMPLETE -> onText(session, session.assembler().take());
            case OVERSIZE -> {
                long now = System.nanoTime();
                session.touch(now);
                if (!session.isClosing()) {
                    rejectOversize(session, now);
                }
            }
            case INCOMPLETE -> session.touch(System.nanoTime());
        }
    }

    /** One complete inbound text message. Never throws. */
    public void onText(GatewaySession session, String text) {
        process(session, text, false);
    }

    /**
     * A session for one frame posted over the polling transport: it lives for that request only.
     * It is not registered, so no push reaches it and no session event is fired; its answers go to
     * {@code transport}. Its frame counts against the limits of its client across requests.
     *
     * @param clientId the {@code client} query parameter (the SDK's id for itself), may be {@code null}
     * @param remoteAddress the client's address, which stands for it when neither user nor id is known
     */
    public GatewaySession postSession(Transport transport, String userId, String clientId, String remoteAddress) {
        long now = System.nanoTime();
        InboundLimiter limiter = posted.of(PostedLimiters.clientKey(userId, clientId, remoteAddress), now);
        return newSession(
                POSTED_PREFIX + UUID.randomUUID(), transport, userId, now, limiter, (session, code, reason) -> {});
    }

    /**
     * One frame posted over the polling transport on a {@link #postSession}, handled as if a socket
     * had sent it. Subscriptions are refused with {@code bad_request}: polls carry their opTypes.
     * Never throws.
     *
     * @return whether the frame was a call: its one reply may come later (from an observer, a
     *     forwarded service or the timeout). For any other frame every answer has been sent when
     *     this returns (none for an accepted message)
     */
    public boolean onPosted(GatewaySession session, String text) {
        return process(session, text, true);
    }

    /** @return whether the frame was a call, which gets exactly one reply, now or later */
    private boolean process(GatewaySession session, String text, boolean posted) {
        long now = System.nanoTime();
        session.touch(now);
        if (session.isClosing()) {
            return false;
        }
        try {
            if (!session.limiter().tryAcquire(now)) {
                // Answered but not counted as invalid: a burst (an SDK flushing its queue) is not misuse.
                answerError(
                        session,
                        ErrorCode.RATE_LIMITED,
                        "more than " + config.maxFramesPerSecond() + " frames per second; this frame was dropped",
                        null);
                return false;
            }
            int size = utf8Length(text, config.maxFrameBytes());
            if (size > config.maxFrameBytes()) {
                rejectOversize(session, now);
                return false;
            }
            InboundFrame frame;
            try {
                frame = decoder.decode(text);
            } catch (FrameException e) {
                reject(session, e.code(), e.getMessage(), e.requestId(), now);
                return false;
            }
            if (posted && (frame instanceof InboundFrame.Subscribe || frame instanceof InboundFrame.Unsubscribe)) {
                reject(
                        session,
                        ErrorCode.BAD_REQUEST,
                        "polling keeps no subscriptions: name the opTypes in each " + "poll (GET /poll?sub=<opType>)",
                        null,
                        now);
                return false;
            }
            return handle(session, frame, now);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure handling a frame of " + session, e);
            answerError(session, ErrorCode.INTERNAL_ERROR, "the server failed to handle this frame", null);
            return false;
        }
    }

    /** One part of an inbound binary message: clients send text only, so it is refused at its end. Never throws. */
    public void onBinaryPart(GatewaySession session, int size, boolean last) {
        long now = System.nanoTime();
        session.touch(now);
        if (last && !session.isClosing()) {
            reject(
                    session,
                    ErrorCode.BINARY_NOT_SUPPORTED,
                    "binary frames are not accepted from clients; " + "send JSON text frames",
                    null,
                    now);
        }
    }

    /** The container reports the connection closed. Never throws. */
    public void closed(GatewaySession session, int code, String reason) {
        session.terminate(code, reason);
    }

    /** The session ended (reported once, by the container or by a server-side close). */
    private void ended(GatewaySession session, int code, String reason) {
        LOG.fine(() -> session + " ended: " + code + " " + reason);
        if (!session.id().startsWith(POSTED_PREFIX)) {
            metrics.closed(code);
        }
        sessions.remove(session);
        index.unregisterAll(session.id());
        try {
            events.closed(new SessionClosed(session.id(), session.userId(), code, reason == null ? "" : reason));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SessionClosed observer failed for " + session, e);
        }
    }

    /** @return whether the frame was a call, which gets exactly one reply, now or later */
    private boolean handle(GatewaySession session, InboundFrame frame, long now) {
        if (frame instanceof InboundFrame.Ping ping) {
            session.send(FrameEncoder.pong(ping.id()));
        } else if (frame instanceof InboundFrame.BareHeartbeat) {
            session.send(FrameEncoder.BARE_PONG);
        } else if (frame instanceof InboundFrame.Subscribe subscribe) {
            subscriptions.subscribe(session, subscribe);
        } else if (frame instanceof InboundFrame.Unsubscribe unsubscribe) {
            subscriptions.unsubscribe(session, unsubscribe);
        } else if (frame instanceof InboundFrame.Message message) {
            handleMessage(session, message, now);
        } else if (frame instanceof InboundFrame.Call call) {
            handleCall(session, call, now);
            return true;
        }
        return false;
    }

    private void handleMessage(GatewaySession session, InboundFrame.Message message, long now) {
        String problem = OpTypes.validateExact(message.opType(), config.maxOpTypeLength());
        if (problem != null) {
            reject(session, ErrorCode.INVALID_OP_TYPE, problem, null, now);
            return;
        }
        if (forwarding.handles(message.opType())) {
            try {
                forwarding.message(session, message.opType(), message.dataJson());
            } catch (ForwardException e) {
                // Not the client's fault: answered (without the broker's details), not counted as invalid.
                LOG.warning(() -> "message '" + message.opType() + "' not forwarded: " + e.getMessage());
                answerError(
                        session, ErrorCode.SERVICE_UNAVAILABLE, RemoteForwarding.unavailable(message.opType()), null);
            }
            return;
        }
        try {
            events.message(new MessageEvent(session, message.opType(), message.dataJson(), jsonb));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "message observer for '" + message.opType() + "' failed for " + session, e);
        }
    }

    private void handleCall(GatewaySession session, InboundFrame.Call frame, long now) {
        CallEvent call = new CallEvent(session, frame.id(), frame.opType(), frame.dataJson(), jsonb, metrics);
        String problem = OpTypes.validateExact(frame.opType(), config.maxOpTypeLength());
        if (problem != null) {
            call.failWith(ErrorCode.INVALID_OP_TYPE, problem);
            strike(session, now);
            return;
        }
        call.timeoutAfter(scheduler.schedule(
                () -> call.failWith(ErrorCode.TIMEOUT, "no answer within " + config.callTimeoutMs() + " ms"),
                config.callTimeoutMs()));
        if (forwarding.handles(frame.opType())) {
            forwarding.call(call);
            return;
        }
        try {
            if (!events.call(call)) {
                call.failWith(ErrorCode.NO_HANDLER, "no handler for opType '" + frame.opType() + "'");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call observer for '" + frame.opType() + "' failed for " + session, e);
            call.failWith(ErrorCode.HANDLER_ERROR, "the handler for '" + frame.opType() + "' failed");
        }
    }

    private void reject(GatewaySession session, ErrorCode code, String message, String id, long now) {
        LOG.fine(() -> session + ": " + code.wire() + ": " + message);
        answerError(session, code, message, id);
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

    /** The UTF-8 length of {@code text}, computed exactly only when it could be near {@code limit}. */
    static int utf8Length(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return text.length();
        }
        if (text.length() > limit) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Answers a client frame with an {@code error} frame, counted by its code. */
    private void answerError(GatewaySession session, ErrorCode code, String message, String id) {
        metrics.refused(code);
        session.send(FrameEncoder.error(code, message, id));
    }

    private void rejectOversize(GatewaySession session, long now) {
        reject(
                session,
                ErrorCode.FRAME_TOO_LARGE,
                "frame exceeds " + config.maxFrameBytes() + " bytes; it was dropped",
                null,
                now);
    }
}
