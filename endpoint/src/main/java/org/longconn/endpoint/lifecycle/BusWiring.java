package org.longconn.endpoint.lifecycle;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.longconn.bridge.BridgeSettings;
import org.longconn.endpoint.bus.ArtemisBus;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.bus.BusConfig;
import org.longconn.endpoint.bus.InMemoryBus;
import org.longconn.endpoint.config.ConfigLookup;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.inbound.Forwarding;
import org.longconn.endpoint.inbound.RemoteForwarding;
import org.longconn.endpoint.scheduling.GatewayScheduler;

/**
 * Chooses the node's bus and forwarding once, at start: Artemis when a broker is configured (one
 * broker link for pushes and forwarded client traffic), the in-memory bus and no forwarding
 * otherwise, which it says once in the log.
 */
@ApplicationScoped
public class BusWiring {

    private static final Logger LOG = Logger.getLogger(BusWiring.class.getName());

    @Inject
    ConfigLookup lookup;

    @Inject
    GatewayConfig gateway;

    @Inject
    GatewayScheduler scheduler;

    private Bus bus;
    private BusConfig config;
    private Forwarding forwarding;

    @PostConstruct
    void wire() {
        config = BusConfig.from(lookup::get);
        if (!config.usesBroker()) {
            LOG.info("longconn bus: in-memory, single node (set longconn.brokerUrl to join a cluster through Artemis)");
            bus = new InMemoryBus();
            forwarding = Forwarding.NONE;
            return;
        }
        LOG.info(() -> "longconn bus: " + config);
        RemoteForwarding remote = config.forwards()
                ? new RemoteForwarding(
                        config.remoteOpTypes(), config.nodeId(), scheduler, gateway.callTimeoutMs() + 5_000)
                : null;
        ArtemisBus artemis = new ArtemisBus(
                new BridgeSettings(
                        config.brokerUrl(),
                        config.brokerUser(),
                        config.brokerPassword(),
                        config.pushAddress(),
                        config.nodeId(),
                        gateway.maxOpTypeLength(),
                        remote != null ? config.inboundAddress() : null,
                        config.sequencerUrl(),
                        config.replayBatches()),
                remote != null ? remote::replied : reply -> {});
        if (remote != null) {
            remote.sendThrough(artemis::forward);
        }
        bus = artemis;
        forwarding = remote != null ? remote : Forwarding.NONE;
    }

    @Produces
    Bus bus() {
        return bus;
    }

    /** The bus's settings as read once at start (the node id among them: random when unset). */
    @Produces
    BusConfig busConfig() {
        return config;
    }

    @Produces
    Forwarding forwarding() {
        return forwarding;
    }

    /** The one place the bus stops: pushes still arriving for closing sessions are dropped by their outboxes. */
    @PreDestroy
    void stop() {
        bus.stop();
    }
}
