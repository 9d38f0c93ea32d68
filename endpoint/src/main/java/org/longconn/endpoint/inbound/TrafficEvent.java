package org.longconn.endpoint.inbound;

import jakarta.json.bind.Jsonb;
import org.longconn.api.event.ClientTraffic;
import org.longconn.endpoint.session.Peer;

/** The common part of the message and call events. */
abstract class TrafficEvent implements ClientTraffic {

    final Peer peer;
    private final String opType;
    private final String dataJson;
    private final Jsonb jsonb;

    TrafficEvent(Peer peer, String opType, String dataJson, Jsonb jsonb) {
        this.peer = peer;
        this.opType = opType;
        this.dataJson = dataJson;
        this.jsonb = jsonb;
    }

    @Override
    public String sessionId() {
        return peer.id();
    }

    @Override
    public String userId() {
        return peer.userId();
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
