package org.longconn.appserver;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * What the suite needs around Arquillian's own container lifecycle: the broker, up before the
 * servers start and down after they stop, and each server on loopback and free ports, with the gateway's settings (SuiteServers).
 */
public class AppServerSuite implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(SuiteBroker.class).observer(SuiteServers.class);
    }
}
