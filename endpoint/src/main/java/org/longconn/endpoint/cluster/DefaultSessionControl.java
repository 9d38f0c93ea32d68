package org.longconn.endpoint.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.longconn.api.OpTypes;
import org.longconn.api.session.ClusterOutcome;
import org.longconn.api.session.Disconnect;
import org.longconn.api.session.SessionControl;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.session.SessionRegistry;

/** Server-side disconnects and subscriptions: on this node, or on every node through the control channel. */
@ApplicationScoped
public class DefaultSessionControl implements SessionControl {

    private SessionRegistry sessions;
    private ClusterControl cluster;
    private GatewayConfig config;

    /** For CDI proxies only. */
    protected DefaultSessionControl() {}

    @Inject
    public DefaultSessionControl(SessionRegistry sessions, ClusterControl cluster, GatewayConfig config) {
        this.sessions = sessions;
        this.cluster = cluster;
        this.config = config;
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

    @Override
    public CompletionStage<ClusterOutcome> subscribeUser(String userId, String opTypeOrPattern) {
        return cluster.subscribeUser(required(userId, "userId"), valid(opTypeOrPattern));
    }

    @Override
    public CompletionStage<ClusterOutcome> unsubscribeUser(String userId, String opTypeOrPattern) {
        return cluster.unsubscribeUser(required(userId, "userId"), valid(opTypeOrPattern));
    }

    @Override
    public CompletionStage<ClusterOutcome> subscribeSession(String sessionId, String opTypeOrPattern) {
        return cluster.subscribeSession(required(sessionId, "sessionId"), valid(opTypeOrPattern));
    }

    @Override
    public CompletionStage<ClusterOutcome> unsubscribeSession(String sessionId, String opTypeOrPattern) {
        return cluster.unsubscribeSession(required(sessionId, "sessionId"), valid(opTypeOrPattern));
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private String valid(String opTypeOrPattern) {
        String problem = OpTypes.validatePattern(opTypeOrPattern, config.maxOpTypeLength());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return opTypeOrPattern;
    }
}
