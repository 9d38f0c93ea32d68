package org.longconn.endpoint.bus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;
import org.longconn.bridge.BridgeSettings;
import org.longconn.endpoint.config.ConfigLookup;
import org.longconn.endpoint.config.GatewayConfig;

/** Chooses the node's bus once, at start: Artemis when a broker is configured, in-memory otherwise. */
@ApplicationScoped
public class BusProducer {

    private static final Logger LOG = Logger.getLogger(BusProducer.class.getName());

    @Produces
    @ApplicationScoped
    Bus bus(ConfigLookup lookup, GatewayConfig gateway) {
        BusConfig config = BusConfig.from(lookup::get);
        if (!config.usesBroker()) {
            LOG.info("longconn bus: in-memory, single node (set longconn.brokerUrl to join a cluster through Artemis)");
            return new InMemoryBus();
        }
        LOG.info(() -> "longconn bus: " + config);
        return new ArtemisBus(new BridgeSettings(config.brokerUrl(), config.brokerUser(), config.brokerPassword(),
                config.pushAddress(), config.nodeId(), gateway.maxOpTypeLength()));
    }

    void stop(@Disposes Bus bus) {
        bus.stop();
    }
}
