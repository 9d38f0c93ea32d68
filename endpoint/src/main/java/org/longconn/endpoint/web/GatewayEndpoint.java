package org.longconn.endpoint.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.inbound.InboundHandler;
import org.longconn.endpoint.session.GatewaySession;

/**
 * The WebSocket endpoint at {@code /ws}: one instance per connection, made by
 * {@link GatewayConfigurator#getEndpointInstance} (not by CDI, whose per-instance injection state
 * would cost every connection a kilobyte of heap and a bean lookup), holding the connection's
 * {@link GatewaySession} and handing its events to the application-scoped {@link InboundHandler}.
 */
@ServerEndpoint(value = "/ws", subprotocols = GatewayConfigurator.SUBPROTOCOL, configurator = GatewayConfigurator.class)
public class GatewayEndpoint {

    private static final Logger LOG = Logger.getLogger(GatewayEndpoint.class.getName());

    private final InboundHandler handler;
    private final WritePath writePath;
    /** Set in {@link #onOpen}; the container calls the other methods after it, maybe on other threads. */
    private volatile GatewaySession gateway;

    GatewayEndpoint(InboundHandler handler, WritePath writePath) {
        this.handler = handler;
        this.writePath = writePath;
    }

    @OnOpen
    public void onOpen(Session session) {
        Principal principal = session.getUserPrincipal();
        HandshakeFilter.GatewayPrincipal chosen =
                principal instanceof HandshakeFilter.GatewayPrincipal hooked ? hooked : null;
        gateway = handler.opened(
                writePath.transportFor(session),
                principal == null ? null : principal.getName(),
                chosen == null ? 0 : chosen.expiresAtMs(),
                chosen == null ? List.of() : chosen.subscriptions());
    }

    /**
     * Text arrives in parts so that the gateway, not the container's buffer settings, bounds what
     * one message may hold: parts beyond the frame limit are dropped as they come.
     */
    @OnMessage
    public void onText(Session session, String part, boolean last) {
        GatewaySession gateway = this.gateway;
        if (gateway != null) {
            handler.onTextPart(gateway, part, last);
        }
    }

    /** Binary messages and calls (PROTOCOL.md §3.7), in parts like text. */
    @OnMessage
    public void onBinary(Session session, ByteBuffer part, boolean last) {
        GatewaySession gateway = this.gateway;
        if (gateway != null) {
            handler.onBinaryPart(gateway, part, last);
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        GatewaySession gateway = this.gateway;
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
}
