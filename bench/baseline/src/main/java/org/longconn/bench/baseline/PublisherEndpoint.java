package org.longconn.bench.baseline;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * The load generator's publisher: each text message is one push, {@code <opType>\n<data JSON>},
 * fanned out with the strategy the path names ({@code /publish/async} or {@code /publish/broadcast}).
 * A WebSocket rather than HTTP so that publishing costs the server as little as possible: the
 * baseline measures fan-out, not a publish API.
 */
@ServerEndpoint("/publish/{mode}")
public class PublisherEndpoint {

    @OnOpen
    public void open(Session session, @PathParam("mode") String mode) throws IOException {
        if (!Fanout.knownMode(mode)) {
            session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "mode is async or broadcast"));
        }
    }

    @OnMessage
    public void push(@PathParam("mode") String mode, String message) {
        int newline = message.indexOf('\n');
        if (newline > 0) {
            Fanout.publish(mode, message.substring(0, newline), message.substring(newline + 1));
        }
    }
}
