package org.longconn.endpoint.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;

/**
 * Closes sessions that no longer hold up their end: a session that sent nothing within the idle
 * timeout, with {@link CloseCodes#IDLE_TIMEOUT} (clients keep a session alive with pings at the
 * interval advertised in {@code welcome}); and a session with a write in flight for longer than
 * {@code sendTimeLimitMs}, as a slow consumer ({@link CloseCodes#SLOW_CONSUMER}), whatever held the
 * write up: a peer that stopped reading, or a write the container never completed.
 */
@ApplicationScoped
public class IdleReaper {

    private static final Logger LOG = Logger.getLogger(IdleReaper.class.getName());

    private SessionRegistry sessions;
    private GatewayConfig config;

    /** For CDI proxies only. */
    protected IdleReaper() {}

    @Inject
    public IdleReaper(SessionRegistry sessions, GatewayConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** How often to look: a quarter of the shorter limit, at most once a second. */
    public long scanPeriodMs() {
        return Math.max(50, Math.min(1_000, Math.min(config.idleTimeoutMs(), config.sendTimeLimitMs()) / 4));
    }

    /** Closes every idle session and every session with a stuck write; returns how many. */
    public int reap(long nowNanos) {
        long idleLimit = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMs());
        long writesStartedBefore = nowNanos - TimeUnit.MILLISECONDS.toNanos(config.sendTimeLimitMs());
        int closed = 0;
        for (GatewaySession session : sessions.all()) {
            if (session.isClosing()) {
                continue;
            }
            if (session.closeIfWriteStuck(writesStartedBefore, config.sendTimeLimitMs())) {
                closed++;
            } else if (nowNanos - session.lastSeenNanos() > idleLimit) {
                LOG.fine(() -> session + " idle for over " + config.idleTimeoutMs() + " ms; closing");
                if (session.disconnect(Disconnect.reconnect(
                        CloseCodes.IDLE_TIMEOUT,
                        "idle timeout: nothing received for " + config.idleTimeoutMs() + " ms"))) {
                    closed++;
                }
            }
        }
        return closed;
    }
}
