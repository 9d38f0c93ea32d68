package org.longconn.endpoint.inbound;

import jakarta.json.bind.Jsonb;
import org.longconn.api.event.ClientTraffic;
import org.longconn.endpoint.session.Peer;

/** The common part of the message and call events. */
abstract class TrafficEvent implements ClientTraffic {

    final Peer peer;
    private final String opType;
    private final String dataJson;
    /** The payload of a binary frame, {@code null} for JSON. */
    private final byte[] bytes;

    private final Jsonb jsonb;

    /** @param dataJson the JSON data, or {@code null} for a binary frame, whose payload is {@code bytes} */
    TrafficEvent(Peer peer, String opType, String dataJson, byte[] bytes, Jsonb jsonb) {
        this.peer = peer;
        this.opType = opType;
        this.dataJson = dataJson == null ? "null" : dataJson;
        this.bytes = bytes;
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
    public byte[] bytes() {
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public <T> T data(Class<T> type) {
        return jsonb.fromJson(dataJson, type);
    }

    Jsonb jsonb() {
        return jsonb;
    }
}
