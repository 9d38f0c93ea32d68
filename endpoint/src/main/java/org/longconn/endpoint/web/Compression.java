package org.longconn.endpoint.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Extension;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.longconn.endpoint.config.DeflateConfig;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.protocol.FrameDeflater;
import org.longconn.endpoint.protocol.MessageInflater;

/**
 * permessage-deflate (RFC 7692) as the gateway does it, when the setting {@code deflate} is on:
 * it accepts a client's offer it can honour, answering {@code server_no_context_takeover;
 * client_no_context_takeover}, so that each message is compressed on its own: a push is then
 * compressed once for every session that negotiated it ({@link FrameDeflater}), and what clients
 * send is inflated per message with a pooled inflater ({@link MessageInflater}, through {@link
 * DeflateExtension}). Only on Tyrus, whose extension API the inflation needs; elsewhere no offer is
 * accepted. The frame-once write path writes the compressed frames; on the portable one
 * ({@code writePath=portable}) the extension is still negotiated and clients' messages inflated,
 * but frames go out uncompressed, as the RFC allows.
 */
@ApplicationScoped
public class Compression {

    private static final Logger LOG = Logger.getLogger(Compression.class.getName());

    /** The extension's registered name. */
    static final String NAME = "permessage-deflate";

    private static final Set<String> KNOWN = Set.of(
            "server_no_context_takeover",
            "client_no_context_takeover",
            "server_max_window_bits",
            "client_max_window_bits");

    private DeflateConfig config;
    private GatewayMetrics metrics;
    private FrameDeflater deflater;
    private MessageInflater inflater;
    private boolean available;

    /** For CDI proxies only. */
    protected Compression() {}

    @Inject
    public Compression(DeflateConfig config, GatewayConfig gateway, GatewayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.deflater = new FrameDeflater(config.deflateMinBytes(), config.deflateLevel());
        // The most a message inflates to: what the gateway processes at all (beyond, it is answered
        // frame_too_large, see DeflateExtension), so that inflating costs no more than that.
        this.inflater = new MessageInflater(gateway.maxFrameBytes());
        this.available = config.deflate() && tyrusPresent();
        if (config.deflate() && !available) {
            LOG.warning("longconn.deflate is on, but this container is not Tyrus: permessage-deflate is not offered");
        }
    }

    /** Made when the application starts, so that its counters are scraped from the start (at 0). */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Nothing more: being called creates the bean, whose construction registered the meters.
    }

    @PostConstruct
    void registerMeters() {
        metrics.counter(
                "longconn.frames.deflated",
                "frame payloads compressed for permessage-deflate (once per frame, whatever its recipients)",
                deflater,
                FrameDeflater::compressed);
        metrics.counter(
                "longconn.frames.deflated.in.bytes", "payload bytes compressed", deflater, FrameDeflater::bytesIn);
        metrics.counter(
                "longconn.frames.deflated.out.bytes",
                "what the compressed payloads came to",
                deflater,
                FrameDeflater::bytesOut);
    }

    /** Whether Tyrus's extension API is there (without loading {@link DeflateExtension}, which needs it). */
    private static boolean tyrusPresent() {
        try {
            Class.forName(
                    "org.glassfish.tyrus.core.extension.ExtendedExtension", false, Compression.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        deflater.close();
    }

    /** Compresses frames for the sessions that negotiated the extension. */
    public FrameDeflater deflater() {
        return deflater;
    }

    /**
     * The extensions to answer a client's offers with: ours when {@code deflate} is on and one
     * offer of permessage-deflate has only parameters it can honour, else none.
     */
    List<Extension> negotiate(List<Extension> requested) {
        if (!available || requested == null) {
            return List.of();
        }
        for (Extension offer : requested) {
            if (NAME.equals(offer.getName()) && acceptable(offer.getParameters())) {
                return List.of(DeflateExtension.create(inflater));
            }
        }
        return List.of();
    }

    /**
     * Whether an offer's parameters can be honoured (RFC 7692 §7.1): each known and at most once;
     * a {@code server_max_window_bits} below 15 cannot be (the JDK's deflater always uses 15 bits).
     */
    static boolean acceptable(List<Extension.Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        for (Extension.Parameter parameter : parameters == null ? List.<Extension.Parameter>of() : parameters) {
            String name = parameter.getName();
            if (!KNOWN.contains(name) || !seen.add(name)) {
                return false;
            }
            if (name.equals("server_max_window_bits") && !"15".equals(parameter.getValue())) {
                return false;
            }
        }
        return true;
    }
}
