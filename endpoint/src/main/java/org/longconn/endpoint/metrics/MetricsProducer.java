package org.longconn.endpoint.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.longconn.endpoint.config.ConfigLookup;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * Makes the node's one {@link GatewayMetrics} at start, from the setting {@code metrics} (default
 * {@code true}), and hands it out without a client proxy (the delivery path counts on it once per
 * push).
 */
@ApplicationScoped
public class MetricsProducer {

    private static final Logger LOG = Logger.getLogger(MetricsProducer.class.getName());

    @Inject
    ConfigLookup lookup;

    private GatewayMetrics metrics;

    @PostConstruct
    void create() {
        boolean on = new GatewayConfig.Reader(lookup::get).flag("metrics", true);
        metrics = on ? GatewayMetrics.prometheus() : GatewayMetrics.off();
        if (!on) {
            LOG.info("longconn metrics: off (longconn.metrics=false); /longconn/metrics answers 404");
        }
    }

    @Produces
    GatewayMetrics metrics() {
        return metrics;
    }

    @PreDestroy
    void close() {
        metrics.close();
    }
}
