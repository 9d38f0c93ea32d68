package org.longconn.endpoint.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.longconn.endpoint.config.ConfigLookup;

/**
 * Makes the node's one {@link GatewayMetrics} at start, from the settings {@code metrics} (default
 * {@code true}) and {@code adminSecret}, and hands it out without a client proxy (the delivery
 * path counts on it once per push).
 */
@ApplicationScoped
public class MetricsProducer {

    private static final Logger LOG = Logger.getLogger(MetricsProducer.class.getName());

    @Inject
    ConfigLookup lookup;

    private GatewayMetrics metrics;
    private MetricsAccess access;

    @PostConstruct
    void create() {
        boolean on = !"false".equalsIgnoreCase(trimmed(lookup.get("metrics")));
        metrics = on ? GatewayMetrics.prometheus() : GatewayMetrics.off();
        access = new MetricsAccess(trimmed(lookup.get("adminSecret")));
        if (!on) {
            LOG.info("longconn metrics: off (longconn.metrics=false); /longconn/metrics answers 404");
        } else if (!access.protectedBySecret()) {
            LOG.info("longconn metrics: GET /longconn/metrics open to every caller; set longconn.adminSecret to"
                    + " require 'Authorization: Bearer <secret>'");
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    @Produces
    GatewayMetrics metrics() {
        return metrics;
    }

    @Produces
    MetricsAccess access() {
        return access;
    }

    @PreDestroy
    void close() {
        metrics.close();
    }
}
