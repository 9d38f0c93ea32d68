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
 * Closes sessions that sent nothing within the idle timeout, with {@link CloseCodes#IDLE_TIMEOUT}.
 * Clients keep a session alive with pings at the interval advertised in {@code welcome}.
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

    /** How often to look: a quarter of the timeout, at most once a second. */
    public long scanPeriodMs() {
        return Math.max(50, Math.min(1_000, config.idleTimeoutMs() / 4));
    }

    /** Closes every idle session; returns how many. */
    public int reap(long nowNanos) {
        long limit = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMs());
        int closed = 0;
        for (GatewaySession session : sessions.all()) {
            if (!session.isClosing() && nowNanos - session.lastSeenNanos() > limit) {
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
