package org.longconn.endpoint.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * Where a setting {@code name} comes from, first match wins: the system property
 * {@code longconn.name}, the environment variable {@code LONGCONN_NAME} (camel case split by '_'),
 * a {@code longconn.properties} resource on the application's class path.
 */
@ApplicationScoped
public class ConfigLookup {

    private static final String RESOURCE = "longconn.properties";

    private final Properties file = loadResource();

    /** The raw value of setting {@code name}, or {@code null} when it is not set anywhere. */
    public String get(String name) {
        String value = System.getProperty("longconn." + name);
        if (value == null) {
            value = System.getenv(environmentName(name));
        }
        return value != null ? value : file.getProperty(name);
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
