package org.longconn.appserver;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** The repository's jboss-cli scripts that the README's WildFly steps run, and their properties. */
enum WildFlyScripts {
    /** The gateway's broker and node id, as server system properties. */
    GATEWAY("etc/wildfly/longconn.cli"),
    /** Frees the root context for the standby WAR, and reloads. */
    STANDBY("etc/wildfly/standby.cli"),
    /** The pooled connection factory of the example service's message-driven bean. */
    EXAMPLE("examples/publisher-app/wildfly.cli");

    private final String path;

    WildFlyScripts(String path) {
        this.path = path;
    }

    /** The script in this build's repository. */
    Path file() {
        return Path.of(System.getProperty("longconn.it.root")).resolve(path);
    }

    /**
     * Writes the properties file the scripts resolve their {@code ${...}} from: the gateway's
     * settings, and the broker's host and port (from {@code longconn.brokerUrl}) for the pooled
     * connection factory.
     */
    static Path properties(Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        URI broker = URI.create(settings.get("longconn.brokerUrl"));
        properties.setProperty("broker.host", broker.getHost());
        properties.setProperty("broker.port", Integer.toString(broker.getPort()));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            properties.store(out, "the suite's settings for " + file.getParent().getFileName());
        }
        return file;
    }
}
