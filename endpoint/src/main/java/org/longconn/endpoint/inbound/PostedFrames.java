package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.FrameException;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.session.InboundLimiter;

/**
 * Frames posted over the polling transport ({@code POST /poll}, PROTOCOL.md §15.2), handled as a
 * socket's frames are, with the same decoder and the same {@link TrafficHandler}, but without a
 * session: each frame comes to one typed {@link PostedOutcome}, the content of its HTTP answer.
 * The application sees it from a session id that lives for the request (prefix {@code post-}).
 *
 * <p>A client's frames count against one limiter across its requests ({@link PostedLimiters}).
 * Past {@code maxBadFrames} invalid frames in a minute, which would close a socket, its frames
 * are refused with {@code rate_limited} until the minute is over.
 */
@ApplicationScoped
public class PostedFrames {

    private static final Logger LOG = Logger.getLogger(PostedFrames.class.getName());

    /** The id prefix of a posted frame's one-request session. */
    private static final String ID_PREFIX = "post-";

    private GatewayConfig config;
    private TrafficHandler traffic;
    private PostedLimiters limiters;

    /** For CDI proxies only. */
    protected PostedFrames() {}

    @Inject
    public PostedFrames(GatewayConfig config, TrafficHandler traffic) {
        this.config = config;
        this.traffic = traffic;
        this.limiters = new PostedLimiters(config.maxFramesPerSecond(), config.maxBadFrames());
    }

    /**
     * Handles one posted frame. Never throws.
     *
     * @param text the request body as UTF-8 text
     * @param userId the user the handshake hook named, or {@code null}
     * @param clientId the {@code client} query parameter (the SDK's id for itself), may be {@code null}
     * @param remoteAddress the client's address, which stands for it when neither user nor id is known
     * @return its outcome: complete at once, except for a call, which completes with its one reply
     *     (from an observer, a forwarded service, or the call timeout)
     */
    public CompletableFuture<PostedOutcome> handle(String text, String userId, String clientId, String remoteAddress) {
        return handle(ArrivedFrame.text(text), userId, clientId, remoteAddress);
    }

    /**
     * Handles one posted binary frame (PROTOCOL.md §3.7), like {@link #handle(String, String,
     * String, String)} a text one. Never throws.
     */
    public CompletableFuture<PostedOutcome> handleBinary(
            byte[] bytes, String userId, String clientId, String remoteAddress) {
        return handle(ArrivedFrame.binary(bytes), userId, clientId, remoteAddress);
    }

    private CompletableFuture<PostedOutcome> handle(
            ArrivedFrame arrived, String userId, String clientId, String remoteAddress) {
        long now = System.nanoTime();
        InboundLimiter limiter = limiters.of(PostedLimiters.clientKey(userId, clientId, remoteAddress), now);
        PostedPeer peer = new PostedPeer(ID_PREFIX + UUID.randomUUID(), userId);
        try {
            handle(peer, limiter, arrived, now);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure handling " + peer, e);
            traffic.refuse(peer, ErrorCode.INTERNAL_ERROR, "the server failed to handle this frame", null);
        }
        return peer.outcome();
    }

    private void handle(PostedPeer peer, InboundLimiter limiter, ArrivedFrame arrived, long now) {
        if (limiter.isOverBadFrames(now)) {
            traffic.refuse(
                    peer,
                    ErrorCode.RATE_LIMITED,
                    "more than " + config.maxBadFrames() + " invalid frames in a minute from this client; "
                            + "its frames are refused until the minute is over",
                    null);
            return;
        }
        if (!limiter.tryAcquire(now)) {
            traffic.refuseRateLimited(peer);
            return;
        }
        if (arrived.isLargerThan(config.maxFrameBytes())) {
            reject(peer, limiter, ErrorCode.FRAME_TOO_LARGE, ArrivedFrame.tooLarge(config.maxFrameBytes()), null, now);
            return;
        }
        InboundFrame frame;
        try {
            frame = arrived.decode();
        } catch (FrameException e) {
            reject(peer, limiter, e.code(), e.getMessage(), e.requestId(), now);
            return;
        }
        if (frame instanceof InboundFrame.Ping ping) {
            peer.send(FrameEncoder.pong(ping.id()));
        } else if (frame instanceof InboundFrame.BareHeartbeat) {
            peer.send(FrameEncoder.BARE_PONG);
        } else if (frame instanceof InboundFrame.Message message) {
            if (!traffic.message(peer, message)) {
                limiter.recordBadFrame(now);
            }
            peer.accepted();
        } else if (frame instanceof InboundFrame.Call call) {
            if (!traffic.call(peer, call)) {
                limiter.recordBadFrame(now);
            }
        } else if (frame instanceof InboundFrame.Refresh) {
            reject(
                    peer,
                    limiter,
                    ErrorCode.BAD_REQUEST,
                    "polling refreshes with the token of the next request: send no refresh frame",
                    null,
                    now);
        } else { // subscribe or unsubscribe
            reject(
                    peer,
                    limiter,
                    ErrorCode.BAD_REQUEST,
                    "polling keeps no subscriptions: name the opTypes in each poll (GET /poll?sub=<opType>)",
                    null,
                    now);
        }
    }

    private void reject(PostedPeer peer, InboundLimiter limiter, ErrorCode code, String message, String id, long now) {
        LOG.fine(() -> peer + ": " + code.wire() + ": " + message);
        traffic.refuse(peer, code, message, id);
        limiter.recordBadFrame(now);
    }
}
