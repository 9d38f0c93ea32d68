package org.longconn.endpoint.inbound;

import jakarta.json.bind.Jsonb;
import org.longconn.api.event.ClientTraffic;
import org.longconn.endpoint.session.GatewaySession;

/** The common part of the message and call events. */
abstract class TrafficEvent implements ClientTraffic {

    final GatewaySession session;
    private final String opType;
    private final String dataJson;
    private final Jsonb jsonb;

    TrafficEvent(GatewaySession session, String opType, String dataJson, Jsonb jsonb) {
        this.session = session;
        this.opType = opType;
        this.dataJson = dataJson;
        this.jsonb = jsonb;
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
    public String dataJson() {
        return dataJson;
    }

    @Override
    public <T> T data(Class<T> type) {
        return jsonb.fromJson(dataJson, type);
    }

    Jsonb jsonb() {
        return jsonb;
    }
}
