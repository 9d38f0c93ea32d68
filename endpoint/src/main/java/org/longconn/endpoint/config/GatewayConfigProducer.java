package org.longconn.endpoint.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/**
 * Produces the one {@link GatewayConfig}, {@link HistoryConfig}, {@link SessionCaps}, {@link
 * PollConfig}, {@link RefreshConfig}, {@link PresenceConfig} and {@link DeflateConfig} of the
 * deployment.
 */
@ApplicationScoped
public class GatewayConfigProducer {

    private static final Logger LOG = Logger.getLogger(GatewayConfigProducer.class.getName());

    /** A singleton, not application-scoped: the config is an immutable record and needs no proxy. */
    @Produces
    @Singleton
    GatewayConfig config(ConfigLookup lookup) {
        GatewayConfig config = GatewayConfig.from(lookup::get);
        LOG.info(() -> "longconn configuration: " + config);
        return config;
    }

    @Produces
    @Singleton
    HistoryConfig history(ConfigLookup lookup) {
        HistoryConfig config = HistoryConfig.from(lookup::get);
        LOG.info(() -> "longconn push history: " + config);
        return config;
    }

    @Produces
    @Singleton
    SessionCaps caps(ConfigLookup lookup) {
        SessionCaps caps = SessionCaps.from(lookup::get);
        LOG.info(() -> "longconn session caps: " + caps + " (0: none)");
        return caps;
    }

    @Produces
    @Singleton
    PollConfig poll(ConfigLookup lookup) {
        PollConfig config = PollConfig.from(lookup::get);
        LOG.info(() -> "longconn polling: " + config);
        return config;
    }

    @Produces
    @Singleton
    RefreshConfig refresh(ConfigLookup lookup) {
        RefreshConfig config = RefreshConfig.from(lookup::get);
        LOG.info(() -> "longconn connection expiry: " + config);
        return config;
    }

    @Produces
    @Singleton
    PresenceConfig presence(ConfigLookup lookup) {
        PresenceConfig config = PresenceConfig.from(lookup::get);
        LOG.info(() -> "longconn presence: " + config);
        return config;
    }

    @Produces
    @Singleton
    DeflateConfig deflate(ConfigLookup lookup) {
        DeflateConfig config = DeflateConfig.from(lookup::get);
        LOG.info(() -> "longconn permessage-deflate: " + config);
        return config;
    }
}
