package org.longconn.endpoint.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * Sizes the container's buffer for one incoming WebSocket frame from {@code maxFrameBytes}. The
 * gateway refuses a text frame over {@code maxFrameBytes} with {@code frame_too_large} and keeps
 * the session, but only a frame that fits the container's buffer reaches it at all: Tyrus closes
 * the connection on a bigger one (1011 "Buffer overflow.", no {@code disconnect}). The buffer is
 * therefore {@value #DEFAULT_BUFFER_BYTES} bytes (Tyrus's default: 4 MiB of payload plus the
 * longest frame header), or {@code maxFrameBytes} plus that header when {@code maxFrameBytes} is
 * larger, so that every frame the gateway is configured to take can arrive. PROTOCOL.md §2 says
 * what a client gets in each range.
 *
 * <p>Tyrus reads the buffer size in two places: the servlet upgrade handler reads the context
 * parameter at every upgrade, and its engine took it once when the container started the
 * application; the engine is told through its (public, deprecated) setter, looked up
 * reflectively so that the gateway still deploys on containers without Tyrus.
 */
@WebListener
public class IncomingFrameLimit implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(IncomingFrameLimit.class.getName());

    /** Tyrus's context parameter for the servlet upgrade handler's buffer. */
    static final String TYRUS_BUFFER_PARAMETER = "org.glassfish.tyrus.servlet.incoming-buffer-size";

    /** Tyrus's default: 4 MiB of payload plus a frame header of up to 14 bytes (rounded as Tyrus does). */
    static final int DEFAULT_BUFFER_BYTES = 4 * 1024 * 1024 + 11;

    /** The longest WebSocket frame header: 2 + 8 bytes of length + 4 bytes of mask. */
    private static final int MAX_HEADER_BYTES = 14;

    @Inject
    GatewayConfig config;

    /** The container buffer that lets every frame of up to {@code maxFrameBytes} arrive. */
    static int bufferBytes(int maxFrameBytes) {
        return (int)
                Math.min(Integer.MAX_VALUE, Math.max(DEFAULT_BUFFER_BYTES, (long) maxFrameBytes + MAX_HEADER_BYTES));
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        int buffer = bufferBytes(config.maxFrameBytes());
        if (context.getInitParameter(TYRUS_BUFFER_PARAMETER) == null) {
            context.setInitParameter(TYRUS_BUFFER_PARAMETER, Integer.toString(buffer));
        }
        Object container = context.getAttribute("jakarta.websocket.server.ServerContainer");
        if (container == null) {
            return;
        }
        try {
            Object engine = container.getClass().getMethod("getWebSocketEngine").invoke(container);
            Method setter = engine.getClass().getMethod("setIncomingBufferSize", int.class);
            setter.invoke(engine, buffer);
            LOG.fine(() -> "incoming WebSocket frames buffered up to " + buffer + " bytes");
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not Tyrus, or a Tyrus without the setter: the container's own limit applies.
            LOG.log(
                    Level.CONFIG,
                    "cannot size the container's incoming frame buffer; its own limit applies to frames over "
                            + "maxFrameBytes",
                    e);
        }
    }
}
