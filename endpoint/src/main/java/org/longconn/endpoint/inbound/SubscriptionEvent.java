package org.longconn.endpoint.inbound;

import org.longconn.api.OpTypes;
import org.longconn.api.event.SubscriptionRequest;

/** A pending subscription as a CDI event that observers may deny. */
final class SubscriptionEvent implements SubscriptionRequest {

    private final String sessionId;
    private final String userId;
    private final String opType;
    private final boolean presence;
    private volatile String denial;

    /**
     * @param sessionId the session's id, or for a poll the poll's id
     * @param presence whether the session also asks to watch the opType's members
     */
    SubscriptionEvent(String sessionId, String userId, String opType, boolean presence) {
        this.sessionId = sessionId;
        this.userId = userId;
        this.opType = opType;
        this.presence = presence;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public boolean presence() {
        return presence;
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
