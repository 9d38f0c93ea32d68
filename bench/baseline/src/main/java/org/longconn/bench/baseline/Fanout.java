package org.longconn.bench.baseline;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.glassfish.tyrus.core.TyrusSession;

/**
 * The two fan-out strategies the gateway is compared with:
 * <ul>
 * <li>{@code async}: {@code getAsyncRemote().sendText(text, handler)} per session, as most
 * WebSocket code does; Tyrus encodes and frames the text again for every session.</li>
 * <li>{@code broadcast}: Tyrus's {@link TyrusSession#broadcast(String)}, which frames the text once
 * and writes the same bytes to every open session of the endpoint. It cannot filter, so it reaches
 * every subscriber session whatever it subscribed to; the benchmark subscribes all of them to the
 * one opType it publishes.</li>
 * </ul>
 */
final class Fanout {

    private static final Logger LOG = Logger.getLogger(Fanout.class.getName());
    private static final Map<String, Set<Session>> SUBSCRIBERS = new ConcurrentHashMap<>();
    private static final String EPOCH = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private static final AtomicLong SEQ = new AtomicLong();
    private static final AtomicLong FAILED_SENDS = new AtomicLong();
    private static final SendHandler COUNT_FAILURES = result -> {
        if (!result.isOK() && FAILED_SENDS.getAndIncrement() == 0) {
            LOG.warning("first failed async send (later ones are only counted): " + result.getException());
        }
    };

    private Fanout() {
    }

    static void subscribe(Session session, String opType) {
        SUBSCRIBERS.computeIfAbsent(opType, key -> ConcurrentHashMap.newKeySet()).add(session);
    }

    static void remove(Session session) {
        SUBSCRIBERS.values().forEach(sessions -> sessions.remove(session));
    }

    static boolean knownMode(String mode) {
        return "async".equals(mode) || "broadcast".equals(mode);
    }

    /** Builds the push frame once and fans it out to the opType's subscribers; returns how many there were. */
    static int publish(String mode, String opType, String dataJson) {
        String frame = Frames.push(opType, System.currentTimeMillis(), EPOCH + "-" + SEQ.incrementAndGet(), dataJson);
        Set<Session> sessions = SUBSCRIBERS.getOrDefault(opType, Set.of());
        if ("broadcast".equals(mode)) {
            Iterator<Session> any = sessions.iterator();
            if (!any.hasNext()) {
                return 0;
            }
            ((TyrusSession) any.next()).broadcast(frame);
            return sessions.size();
        }
        int count = 0;
        for (Session session : sessions) {
            session.getAsyncRemote().sendText(frame, COUNT_FAILURES);
            count++;
        }
        return count;
    }
}
