package org.longconn.endpoint.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import java.util.List;
import java.util.logging.Logger;
import org.longconn.endpoint.config.ConfigLookup;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.FrameDeflater;
import org.longconn.endpoint.session.Transport;

/**
 * Chooses, once, how this node writes to WebSockets, and makes each session's {@link Transport}:
 * on Tyrus (GlassFish) the frame-once path ({@link TyrusFrameTransport}), anywhere else, or when
 * the setting {@code writePath} is {@code portable}, the container's own asynchronous sends
 * ({@link WebSocketTransport}). The choice is logged once, with its reason, and shown by the
 * gauge {@code longconn_write_path}. A session that
 * negotiated permessage-deflate gets its frames compressed once per frame on the frame-once path
 * ({@link Compression}); one that negotiated any other extension takes the portable path.
 *
 * <p>Tyrus's classes are touched only after the session's class showed that Tyrus is there, so
 * the gateway still deploys on containers without it.
 */
@ApplicationScoped
public class WritePath {

    private static final Logger LOG = Logger.getLogger(WritePath.class.getName());

    /** The setting's values. */
    static final String AUTO = "auto";

    static final String PORTABLE = "portable";

    private boolean portableOnly;
    private volatile Boolean frameOnce;
    private FrameDeflater deflater;

    /** For CDI proxies only. */
    protected WritePath() {}

    @Inject
    public WritePath(ConfigLookup settings, Compression compression, GatewayMetrics metrics) {
        this(settings.get("writePath"), compression.deflater());
        // Which path the node took, for operators (and the app-server suite, on each container):
        // 1 for the chosen one once the first session opened, 0 for both before.
        for (boolean fast : new boolean[] {true, false}) {
            metrics.gauge(
                    "longconn.write.path",
                    "the write path this node chose at its first session (1), by path",
                    "path",
                    fast ? "frame-once" : PORTABLE,
                    () -> Boolean.valueOf(fast).equals(frameOnce) ? 1 : 0);
        }
    }

    /**
     * @param setting the {@code writePath} setting: {@code auto} (default, {@code null}) or {@code portable}
     * @param deflater compresses frames for the sessions that negotiated permessage-deflate
     */
    WritePath(String setting, FrameDeflater deflater) {
        this.deflater = deflater;
        String value = setting == null || setting.isBlank() ? AUTO : setting.trim();
        if (!AUTO.equals(value) && !PORTABLE.equals(value)) {
            throw new IllegalArgumentException(
                    "longconn.writePath must be 'auto' or 'portable', got '" + setting + "'");
        }
        this.portableOnly = PORTABLE.equals(value);
    }

    /** The transport for a session that just opened. */
    public Transport transportFor(Session session) {
        Boolean fast = frameOnce;
        if (fast == null) {
            fast = decide(session);
        }
        List<Extension> extensions = session.getNegotiatedExtensions();
        boolean deflate = extensions.size() == 1
                && Compression.NAME.equals(extensions.get(0).getName());
        if (!fast || !(extensions.isEmpty() || deflate)) {
            // Frames that Tyrus writes pass its extensions: for permessage-deflate they go out
            // uncompressed, which the RFC allows.
            return new WebSocketTransport(session);
        }
        Transport raw = TyrusFrameTransport.create(session, deflate ? deflater : null);
        return raw != null ? raw : new WebSocketTransport(session);
    }

    private synchronized boolean decide(Session session) {
        if (frameOnce != null) {
            return frameOnce;
        }
        boolean fast;
        if (portableOnly) {
            LOG.info("write path: portable (asynchronous sends per session), as longconn.writePath=portable asks");
            fast = false;
        } else if (!session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            LOG.info("write path: portable (asynchronous sends per session); the container's sessions ("
                    + session.getClass().getName() + ") are not Tyrus's, which the frame-once path needs");
            fast = false;
        } else {
            String problem = TyrusFrameTransport.problem(session);
            if (problem != null) {
                LOG.warning("write path: portable (asynchronous sends per session); " + problem);
                fast = false;
            } else {
                LOG.info("write path: frame-once (each push framed once, written raw on Tyrus, or into the"
                        + " Grizzly write queue under it where the listener allows: logged per listener)");
                fast = true;
            }
        }
        frameOnce = fast;
        return fast;
    }
}
