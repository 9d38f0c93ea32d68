package org.longconn.appserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.spi.event.SetupContainer;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Each server's domain, as the README's "Deploy on an application server" steps make it.
 *
 * <p>Before the server starts: a domain of its own, made from the distribution's stock
 * {@code domain1} as Arquillian sets the server up: every listener bound to 127.0.0.1, and every
 * port the stock domain would open on a fixed number (IIOP, JMX, the JMS broker, the OSGi shell)
 * moved to a free one reserved by the build ({@code longconn.it.<container>.<port>}). The HTTP,
 * HTTPS and admin ports are the connector's own settings ({@code arquillian.xml}), which it
 * writes into the domain itself. Two servers of one installation then run side by side.
 *
 * <p>And the gateway's settings as the server's system properties: the suite's broker, the node
 * id (the container's name), and {@code orders.#} forwarded to the enterprise service.
 */
public class SuiteDomains {

    /** Runs before Arquillian's own observer, which makes the connector check the domain exists. */
    public void prepare(@Observes(precedence = 100) SetupContainer event) throws IOException {
        Map<String, String> settings = event.getContainer().getContainerConfiguration().getContainerProperties();
        Path domains = Path.of(settings.get("glassFishHome"), "glassfish", "domains");
        Path domain = domains.resolve(settings.get("domain"));
        copyFresh(domains.resolve("domain1"), domain);
        Path domainXml = domain.resolve("config/domain.xml");
        bindToLoopback(domainXml, event.getContainerName());
        setGatewaySettings(domainXml, event.getContainerName());
    }

    /** A new copy every run: a domain left by an earlier run holds its deployments and caches. */
    private static void copyFresh(Path stock, Path domain) throws IOException {
        if (Files.exists(domain)) {
            try (Stream<Path> old = Files.walk(domain)) {
                old.sorted(Comparator.reverseOrder()).forEach(SuiteDomains::delete);
            }
        }
        try (Stream<Path> files = Files.walk(stock)) {
            files.forEach(source -> copy(source, domain.resolve(stock.relativize(source))));
        }
    }

    private static void bindToLoopback(Path domainXml, String container) throws IOException {
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8)
                .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=")
                .replace("port=\"3700\"", "port=\"" + port(container, "iiop") + "\"")
                .replace("port=\"3820\"", "port=\"" + port(container, "iiopSsl") + "\"")
                .replace("port=\"3920\"", "port=\"" + port(container, "iiopMutual") + "\"")
                .replace("port=\"8686\"", "port=\"" + port(container, "jmx") + "\"")
                // Off: its RMI server would listen on every interface; asadmin and the suite use HTTP.
                .replace("<jmx-connector ", "<jmx-connector enabled=\"false\" ")
                .replace("name=\"JMS_PROVIDER_PORT\" value=\"7676\"", "name=\"JMS_PROVIDER_PORT\" value=\"" + port(container, "jms") + "\"")
                .replace("-Dosgi.shell.telnet.port=6666", "-Dosgi.shell.telnet.port=" + port(container, "osgiShell"));
        Files.writeString(domainXml, xml, StandardCharsets.UTF_8);
    }

    /**
     * The server's system properties, as {@code asadmin create-system-properties} writes them
     * (the README's step; the connector starts the server only at the first deploy, so they are
     * written beforehand).
     */
    private static void setGatewaySettings(Path domainXml, String container) throws IOException {
        String server = "<server name=\"server\" config-ref=\"server-config\">";
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        if (!xml.contains(server)) {
            throw new IllegalStateException(domainXml + " has no " + server + " (a GlassFish version with another stock domain?)");
        }
        Files.writeString(domainXml, xml.replace(server, server
                + property("longconn.brokerUrl", SuiteBroker.get().url())
                + property("longconn.nodeId", container)
                + property("longconn.remoteOpTypes", "orders.#")), StandardCharsets.UTF_8);
    }

    private static String property(String name, String value) {
        return "\n      <system-property name=\"" + name + "\" value=\"" + value + "\"/>";
    }

    private static String port(String container, String name) {
        String key = "longconn.it." + container + "." + name;
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set: run the suite through Maven (mvn verify), which reserves the ports");
        }
        return value;
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path source, Path target) {
        try {
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
