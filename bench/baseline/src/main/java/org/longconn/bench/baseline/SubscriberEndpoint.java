package org.longconn.bench.baseline;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.StringReader;
import java.util.List;

/**
 * Subscribers: a {@code welcome}-like first frame on open, {@code subscribe} answered with a
 * {@code subscribed}-like frame, {@code ping} with {@code pong}. Everything else is ignored: this is
 * the least a server must do to play the gateway's part in the benchmark.
 */
@ServerEndpoint(value = "/ws", subprotocols = "longconn.v1")
public class SubscriberEndpoint {

    @OnOpen
    public void open(Session session) {
        session.getAsyncRemote().sendText(Frames.welcome());
    }

    @OnMessage
    public void text(Session session, String text) {
        JsonObject frame;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            frame = reader.readObject();
        } catch (RuntimeException notJson) {
            return;
        }
        switch (frame.getString("type", "")) {
            case "subscribe" -> {
                List<String> opTypes = frame.getJsonArray("opTypes").getValuesAs(JsonString::getString);
                // Answer before joining the fan-out, as the gateway does: pushes follow the answer.
                session.getAsyncRemote().sendText(Frames.subscribed(frame.getString("id", ""), opTypes));
                opTypes.forEach(opType -> Fanout.subscribe(session, opType));
            }
            case "ping" -> session.getAsyncRemote().sendText("{\"type\":\"pong\"}");
            default -> { }
        }
    }

    @OnClose
    public void close(Session session) {
        Fanout.remove(session);
    }
}
