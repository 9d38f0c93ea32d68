package org.longconn.endpoint.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.longconn.api.session.Disconnect;
import org.longconn.api.session.SessionControl;

/** Server-side disconnects on this node. */
@ApplicationScoped
public class DefaultSessionControl implements SessionControl {

    private SessionRegistry sessions;

    /** For CDI proxies only. */
    protected DefaultSessionControl() {}

    @Inject
    public DefaultSessionControl(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean disconnect(String sessionId, Disconnect disconnect) {
        GatewaySession session = sessions.get(sessionId);
        return session != null && session.disconnect(disconnect);
    }

    @Override
    public int disconnectUser(String userId, Disconnect disconnect) {
        int count = 0;
        for (String sessionId : List.copyOf(sessions.sessionsOf(userId))) {
            if (disconnect(sessionId, disconnect)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public int openSessions() {
        return sessions.size();
    }
}
