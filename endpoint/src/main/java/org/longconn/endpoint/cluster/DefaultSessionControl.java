package org.longconn.endpoint.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.longconn.api.session.ClusterOutcome;
import org.longconn.api.session.Disconnect;
import org.longconn.api.session.SessionControl;
import org.longconn.endpoint.session.SessionRegistry;

/** Server-side disconnects: on this node, or on every node through the control channel. */
@ApplicationScoped
public class DefaultSessionControl implements SessionControl {

    private SessionRegistry sessions;
    private ClusterControl cluster;

    /** For CDI proxies only. */
    protected DefaultSessionControl() {}

    @Inject
    public DefaultSessionControl(SessionRegistry sessions, ClusterControl cluster) {
        this.sessions = sessions;
        this.cluster = cluster;
    }

    @Override
    public boolean disconnect(String sessionId, Disconnect disconnect) {
        return cluster.disconnectHere(sessionId, disconnect);
    }

    @Override
    public int disconnectUser(String userId, Disconnect disconnect) {
        return cluster.disconnectUserHere(userId, disconnect);
    }

    @Override
    public int openSessions() {
        return sessions.size();
    }

    @Override
    public CompletionStage<ClusterOutcome> disconnectEverywhere(String sessionId, Disconnect disconnect) {
        return cluster.disconnectSession(sessionId, disconnect);
    }

    @Override
    public CompletionStage<ClusterOutcome> disconnectUserEverywhere(String userId, Disconnect disconnect) {
        return cluster.disconnectUser(userId, disconnect);
    }
}
