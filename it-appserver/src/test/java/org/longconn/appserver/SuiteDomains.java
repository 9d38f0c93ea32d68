package org.longconn.appserver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.spi.event.SetupContainer;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Each Arquillian server's {@link LoopbackDomain}, named as its container, made as Arquillian sets
 * the server up, with the gateway's settings as system properties: the suite's broker, the
 * container's name as node id, and {@code orders.#} forwarded to the enterprise service. (The
 * managed connector starts the server only at the first deploy, so the properties are written
 * into the domain beforehand rather than with {@code asadmin create-system-properties}.)
 */
public class SuiteDomains {

    /** Runs before Arquillian's own observer, which makes the connector check the domain exists. */
    public void prepare(@Observes(precedence = 100) SetupContainer event) throws IOException {
        Map<String, String> settings =
                event.getContainer().getContainerConfiguration().getContainerProperties();
        String domain = settings.get("domain");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("longconn.brokerUrl", SuiteBroker.get().url());
        properties.put("longconn.nodeId", domain);
        properties.put("longconn.remoteOpTypes", "orders.#");
        LoopbackDomain.create(Path.of(settings.get("glassFishHome")), domain, properties);
    }
}
