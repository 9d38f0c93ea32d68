package org.longconn.endpoint.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;

/** Produces the one {@link GatewayConfig} of the deployment. */
@ApplicationScoped
public class GatewayConfigProducer {

    private static final Logger LOG = Logger.getLogger(GatewayConfigProducer.class.getName());
    private static final String RESOURCE = "longconn.properties";

    /** A singleton, not application-scoped: the config is an immutable record and needs no proxy. */
    @Produces
    @Singleton
    GatewayConfig config() {
        Properties file = loadResource();
        GatewayConfig config = GatewayConfig.from(name -> {
            String value = System.getProperty("longconn." + name);
            if (value == null) {
                value = System.getenv(environmentName(name));
            }
            return value != null ? value : file.getProperty(name);
        });
        LOG.info(() -> "longconn configuration: " + config);
        return config;
    }

    /** {@code maxFrameBytes} → {@code LONGCONN_MAX_FRAME_BYTES}. */
    static String environmentName(String name) {
        return "LONGCONN_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Properties loadResource() {
        Properties properties = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties;
    }
}
