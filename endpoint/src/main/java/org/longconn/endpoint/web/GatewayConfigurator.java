package org.longconn.endpoint.web;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Sub-protocol negotiation. The gateway speaks {@value #SUBPROTOCOL}; a client offering it gets
 * it. A client offering only other sub-protocols gets the first of them echoed back, because
 * browsers and mini-program socket APIs fail the connection when none is echoed, and some apps
 * carry a token in that header (the handshake hook can read it).
 */
public class GatewayConfigurator extends ServerEndpointConfig.Configurator {

    /** The protocol v1 sub-protocol name. */
    public static final String SUBPROTOCOL = "longconn.v1";

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return "";
        }
        return requested.contains(SUBPROTOCOL) ? SUBPROTOCOL : requested.get(0);
    }
}
