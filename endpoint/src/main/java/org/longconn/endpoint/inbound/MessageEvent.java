package org.longconn.endpoint.inbound;

import jakarta.json.bind.Jsonb;
import org.longconn.api.event.ClientMessage;
import org.longconn.endpoint.session.Peer;

/** A client {@code message} frame as a CDI event. */
final class MessageEvent extends TrafficEvent implements ClientMessage {

    MessageEvent(Peer peer, String opType, String dataJson, byte[] bytes, Jsonb jsonb) {
        super(peer, opType, dataJson, bytes, jsonb);
    }

    @Override
    public String toString() {
        return "ClientMessage[" + opType() + " from " + peer + "]";
    }
}
