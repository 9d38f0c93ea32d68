package org.longconn.endpoint.web;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import org.longconn.endpoint.inbound.InboundHandler;

/**
 * Sub-protocol negotiation. The gateway speaks {@value #SUBPROTOCOL}; a client offering it gets
 * it. A client offering only other sub-protocols gets the first of them echoed back, because
 * browsers and mini-program socket APIs fail the connection when none is echoed, and some apps
 * carry a token in that header (the handshake hook can read it).
 */
public class GatewayConfigurator extends ServerEndpointConfig.Configurator {

    /** The protocol v1 sub-protocol name. */
    public static final String SUBPROTOCOL = "longconn.v1";

    /** The application's beans, looked up at the first connection (CDI is not ready before). */
    private volatile Beans beans;

    private record Beans(InboundHandler handler, WritePath writePath, Compression compression) {}

    /**
     * A plain endpoint instance wired to the application's beans. Left to the container, GlassFish
     * creates each endpoint as a non-contextual CDI instance and keeps its injection state until
     * the connection ends; the endpoint needs no injection, so that is a kilobyte per connection
     * and a CDI round trip per handshake for nothing.
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != GatewayEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        Beans wired = beans();
        return endpointClass.cast(new GatewayEndpoint(wired.handler(), wired.writePath()));
    }

    private Beans beans() {
        Beans wired = beans;
        if (wired == null) {
            CDI<Object> cdi = CDI.current();
            wired = new Beans(
                    cdi.select(InboundHandler.class).get(),
                    cdi.select(WritePath.class).get(),
                    cdi.select(Compression.class).get());
            beans = wired;
        }
        return wired;
    }

    /** permessage-deflate when the setting {@code deflate} is on and the client offers it ({@link Compression}). */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> deflate = beans().compression().negotiate(requested);
        return deflate.isEmpty() ? super.getNegotiatedExtensions(installed, requested) : deflate;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return "";
        }
        return requested.contains(SUBPROTOCOL) ? SUBPROTOCOL : requested.get(0);
    }
}
