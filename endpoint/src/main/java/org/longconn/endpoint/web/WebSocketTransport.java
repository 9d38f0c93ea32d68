package org.longconn.endpoint.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.session.Transport;

/** A {@link Transport} over a Jakarta WebSocket session, using only its asynchronous sends. */
final class WebSocketTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());

    private final Session session;

    WebSocketTransport(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String text, SendCallback callback) {
        session.getAsyncRemote().sendText(text, handler(callback));
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback callback) {
        session.getAsyncRemote().sendBinary(data, handler(callback));
    }

    @Override
    public void close(int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "close of " + session.getId() + " failed", e);
        }
    }

    private static SendHandler handler(SendCallback callback) {
        return result -> callback.completed(result.isOK() ? null : result.getException());
    }
}
