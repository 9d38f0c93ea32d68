package org.longconn.endpoint.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.Transport;

/**
 * The portable {@link Transport}: any Jakarta WebSocket container, through the session's
 * asynchronous sends only. The container encodes and frames each message again for every session;
 * {@link TyrusFrameTransport} is the fast path where the container is Tyrus. Frames of one batch
 * go out one after the other, each started when the one before completed.
 */
final class WebSocketTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());

    private final Session session;

    WebSocketTransport(Session session) {
        this.session = session;
    }

    @Override
    public void send(OutboundFrame[] frames, int count, SendCallback callback) {
        new Sequence(frames.clone(), count, callback).next();
    }

    /** One batch, frame after frame. */
    private final class Sequence implements SendHandler {
        private final OutboundFrame[] frames;
        private final int count;
        private final SendCallback callback;
        private int sent;

        Sequence(OutboundFrame[] frames, int count, SendCallback callback) {
            this.frames = frames;
            this.count = count;
            this.callback = callback;
        }

        void next() {
            OutboundFrame frame = frames[sent++];
            try {
                if (frame.isText()) {
                    session.getAsyncRemote().sendText(frame.text(), this);
                } else {
                    session.getAsyncRemote().sendBinary(frame.binary(), this);
                }
            } catch (RuntimeException | Error e) {
                // Tyrus throws (even an Error, for text without a UTF-8 form) without calling the handler.
                callback.completed(e);
            }
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                callback.completed(result.getException());
            } else if (sent < count) {
                next();
            } else {
                callback.completed(null);
            }
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // Already closed, or the connection is gone ("Socket is not connected"): nothing left to close.
            LOG.log(Level.FINE, "close of " + session.getId() + " failed", e);
        }
    }

    /** The Jakarta API has no abortive close: the best it offers is a close that does not wait. */
    @Override
    public void abort() {
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "connection dropped");
    }
}
