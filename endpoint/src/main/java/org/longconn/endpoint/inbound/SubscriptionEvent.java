package org.longconn.endpoint.inbound;

import org.longconn.api.OpTypes;
import org.longconn.api.event.SubscriptionRequest;
import org.longconn.endpoint.session.GatewaySession;

/** A pending subscription as a CDI event that observers may deny. */
final class SubscriptionEvent implements SubscriptionRequest {

    private final GatewaySession session;
    private final String opType;
    private volatile String denial;

    SubscriptionEvent(GatewaySession session, String opType) {
        this.session = session;
        this.opType = opType;
    }

    @Override
    public String sessionId() {
        return session.id();
    }

    @Override
    public String userId() {
        return session.userId();
    }

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public boolean isPattern() {
        return OpTypes.isPattern(opType);
    }

    @Override
    public synchronized void deny(String reason) {
        if (denial == null) {
            denial = reason == null || reason.isBlank() ? "denied" : reason;
        }
    }

    @Override
    public boolean isDenied() {
        return denial != null;
    }

    String denial() {
        return denial;
    }
}
