package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.InboundFrame;
import org.longconn.endpoint.session.GatewaySession;

/**
 * Answers a client's {@code refresh} (PROTOCOL.md §16): the application's {@link
 * org.longconn.api.event.RefreshRequest} observers check the new token; an accepted one moves the
 * session's expiry ({@code refreshed}), anything else is {@code refresh_denied} and changes nothing.
 */
@ApplicationScoped
public class SessionRefresh {

    private static final Logger LOG = Logger.getLogger(SessionRefresh.class.getName());

    private EventDispatcher events;
    private TrafficHandler traffic;

    /** For CDI proxies only. */
    protected SessionRefresh() {}

    @Inject
    public SessionRefresh(EventDispatcher events, TrafficHandler traffic) {
        this.events = events;
        this.traffic = traffic;
    }

    /** Handles {@code refresh} of {@code session}. */
    public void refresh(GatewaySession session, InboundFrame.Refresh refresh) {
        long expiresAtMs = session.expiry().atMs();
        if (expiresAtMs == 0) {
            traffic.refuse(
                    session,
                    ErrorCode.REFRESH_DENIED,
                    "this session does not expire: there is nothing to refresh",
                    refresh.id());
            return;
        }
        RefreshEvent event =
                new RefreshEvent(session.id(), session.userId(), refresh.token(), Instant.ofEpochMilli(expiresAtMs));
        try {
            events.refresh(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "refresh observer failed for " + session, e);
            traffic.refuse(
                    session, ErrorCode.REFRESH_DENIED, "the token could not be checked on the server", refresh.id());
            return;
        }
        Instant renewed = event.outcome();
        if (renewed == null) {
            traffic.refuse(session, ErrorCode.REFRESH_DENIED, event.refusal(), refresh.id());
            return;
        }
        if (!session.expiry().renew(renewed.toEpochMilli(), System.currentTimeMillis())) {
            traffic.refuse(session, ErrorCode.REFRESH_DENIED, "the session expired before the refresh", refresh.id());
            return;
        }
        session.send(FrameEncoder.refreshed(refresh.id(), renewed.toEpochMilli()));
    }
}
