package org.longconn.endpoint.web;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.inbound.InboundHandler;
import org.longconn.endpoint.session.GatewaySession;

/**
 * The WebSocket endpoint at {@code /ws}. One instance per connection, created by the container
 * and not a CDI bean, so it looks up the application-scoped {@link InboundHandler} and
 * {@link WritePath} and keeps no
 * state of its own beyond the session's user properties.
 */
@ServerEndpoint(value = "/ws", subprotocols = GatewayConfigurator.SUBPROTOCOL, configurator = GatewayConfigurator.class)
public class GatewayEndpoint {

    private static final Logger LOG = Logger.getLogger(GatewayEndpoint.class.getName());
    private static final String SESSION_KEY = GatewaySession.class.getName();

    private final InboundHandler handler;
    private final WritePath writePath;

    public GatewayEndpoint() {
        CDI<Object> cdi = CDI.current();
        this.handler = cdi.select(InboundHandler.class).get();
        this.writePath = cdi.select(WritePath.class).get();
    }

    @OnOpen
    public void onOpen(Session session) {
        Principal principal = session.getUserPrincipal();
        GatewaySession gateway =
                handler.opened(writePath.transportFor(session), principal == null ? null : principal.getName());
        session.getUserProperties().put(SESSION_KEY, gateway);
    }

    /**
     * Text arrives in parts so that the gateway, not the container's buffer settings, bounds what
     * one message may hold: parts beyond the frame limit are dropped as they come.
     */
    @OnMessage
    public void onText(Session session, String part, boolean last) {
        GatewaySession gateway = gateway(session);
        if (gateway != null) {
            handler.onTextPart(gateway, part, last);
        }
    }

    @OnMessage
    public void onBinary(Session session, ByteBuffer part, boolean last) {
        GatewaySession gateway = gateway(session);
        if (gateway != null) {
            handler.onBinaryPart(gateway, part.remaining(), last);
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        GatewaySession gateway = gateway(session);
        if (gateway != null) {
            handler.closed(gateway, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        // Transport errors end in onClose, which cleans up; our handlers never throw, so nothing
        // else reaches here that would leave a session open.
        LOG.log(Level.FINE, "WebSocket error on " + (session == null ? "?" : session.getId()), error);
    }

    private static GatewaySession gateway(Session session) {
        return (GatewaySession) session.getUserProperties().get(SESSION_KEY);
    }
}
