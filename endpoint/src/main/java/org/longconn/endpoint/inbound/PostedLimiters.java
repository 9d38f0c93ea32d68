package org.longconn.endpoint.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import org.longconn.endpoint.session.InboundLimiter;

/**
 * The inbound limits of frames posted over polling ({@code POST /poll}), one {@link
 * InboundLimiter} per client across its requests: each request is a session of its own, so a
 * limiter per request would never refuse anything. A client is its user when the handshake hook
 * named one, otherwise the {@code client} id its SDK sends, otherwise its address (PROTOCOL.md
 * §15.2). The clients seen last are kept, at most {@value #MAX_CLIENTS}; a client pushed out
 * starts again with a full bucket, which only ever errs on the side of letting a frame through.
 */
final class PostedLimiters {

    /** Clients whose buckets are kept: beyond it the least recently seen is forgotten. */
    static final int MAX_CLIENTS = 10_000;
    /** A longer {@code client} id is not taken: the address stands for the client instead. */
    static final int MAX_CLIENT_ID_LENGTH = 64;

    private final int framesPerSecond;
    private final int maxBadFrames;
    private final Map<String, InboundLimiter> byClient = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InboundLimiter> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    PostedLimiters(int framesPerSecond, int maxBadFrames) {
        this.framesPerSecond = framesPerSecond;
        this.maxBadFrames = maxBadFrames;
    }

    /** The limiter of {@code client} (see {@link #clientKey}), made on its first post. */
    synchronized InboundLimiter of(String client, long nowNanos) {
        return byClient.computeIfAbsent(client, c -> new InboundLimiter(framesPerSecond, maxBadFrames, nowNanos));
    }

    /** How many clients have a bucket now. */
    synchronized int size() {
        return byClient.size();
    }

    /**
     * Whom a posted frame counts against: the user, else the SDK's client id (scoped by the address,
     * so that it cannot use another client's bucket up), else the address.
     */
    static String clientKey(String userId, String clientId, String remoteAddress) {
        if (userId != null) {
            return "user:" + userId;
        }
        if (clientId != null && !clientId.isEmpty() && clientId.length() <= MAX_CLIENT_ID_LENGTH) {
            return "client:" + remoteAddress + '/' + clientId;
        }
        return "address:" + remoteAddress;
    }
}
