package org.longconn.endpoint.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.config.RefreshConfig;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.session.Expiry;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;

/**
 * Watches the sessions whose credentials expire (PROTOCOL.md §16): asks each for a new token
 * {@code refreshAheadMs} before its expiry, or at half its token's life when that is shorter
 * ({@code refresh_required}, once per expiry), and ends
 * it at its expiry with {@link CloseCodes#SESSION_EXPIRED} unless a refresh moved the expiry.
 * Looks every {@link #PERIOD_MS}: a session outlives its credentials by at most that long.
 */
@ApplicationScoped
public class ExpiryWatch {

    /** How often the sessions are looked at. */
    public static final long PERIOD_MS = 500;

    static final Disconnect EXPIRED =
            Disconnect.reconnect(CloseCodes.SESSION_EXPIRED, "session expired: reconnect with a new token");

    private static final Logger LOG = Logger.getLogger(ExpiryWatch.class.getName());

    private SessionRegistry sessions;
    private RefreshConfig config;

    /** For CDI proxies only. */
    protected ExpiryWatch() {}

    @Inject
    public ExpiryWatch(SessionRegistry sessions, RefreshConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** Asks for refreshes and ends expired sessions as of {@code nowMs}; returns how many it ended. */
    public int check(long nowMs) {
        int ended = 0;
        for (GatewaySession session : sessions.all()) {
            Expiry expiry = session.expiry();
            if (expiry.atMs() == 0 || session.isClosing()) {
                continue;
            }
            if (expiry.expireIfPast(nowMs)) {
                LOG.fine(() -> session + ": credentials expired; closing with 4005");
                if (session.disconnect(EXPIRED)) {
                    ended++;
                }
                continue;
            }
            long asked = expiry.askRefresh(nowMs, config.refreshAheadMs());
            if (asked != 0) {
                session.send(FrameEncoder.refreshRequired(asked));
            }
        }
        return ended;
    }
}
