package org.longconn.appserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A GlassFish (or Payara) domain of the suite's own, made from the distribution's stock {@code domain1}: a
 * fresh copy every run (a domain left by an earlier run holds its deployments and caches), every
 * listener bound to 127.0.0.1, and every port the stock domain would open on a fixed number moved
 * to a free one the build reserved as {@code longconn.it.<domain>.<port>}. Several domains of one
 * installation then run side by side.
 */
final class LoopbackDomain {

    private static final String REMOTE_JMS =
            "\n      <jms-service default-jms-host=\"default_JMS_host\" type=\"REMOTE\">"
                    + "<jms-host name=\"default_JMS_host\" host=\"127.0.0.1\" port=\"${JMS_PROVIDER_PORT}\" lazy-init=\"true\"/>"
                    + "</jms-service>";

    /** A JVM option of the stock domain, after which the suite adds its own. */
    private static final String HEADLESS = "<jvm-options>-Djava.awt.headless=true</jvm-options>";

    private LoopbackDomain() {}

    /**
     * Makes {@code domain} in the installation at {@code glassFishHome}, with {@code properties}
     * as the server's system properties (what {@code asadmin create-system-properties} writes).
     */
    static void create(Path glassFishHome, String domain, Map<String, String> properties) throws IOException {
        Path domains = glassFishHome.resolve("glassfish").resolve("domains");
        Path target = domains.resolve(domain);
        Directories.copyFresh(domains.resolve("domain1"), target);
        Path domainXml = target.resolve("config").resolve("domain.xml");
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        if (!xml.contains(HEADLESS)) {
            throw new IllegalStateException(
                    "the stock domain.xml has no " + HEADLESS + " (another GlassFish version?)");
        }
        Files.writeString(domainXml, withProperties(onLoopback(xml, domain), properties), StandardCharsets.UTF_8);
    }

    private static String onLoopback(String xml, String domain) {
        return xml.replaceAll("address=\"[0-9.]+\"", "address=\"127.0.0.1\"") // every listener the stock domain binds
                .replace(
                        "<network-listener port=\"8080\"",
                        "<network-listener address=\"127.0.0.1\" port=\"" + SuitePorts.port(domain, "http") + "\"")
                .replace(
                        "<network-listener port=\"8181\"",
                        "<network-listener address=\"127.0.0.1\" port=\"" + SuitePorts.port(domain, "https") + "\"")
                .replace(
                        "<network-listener port=\"4848\"",
                        "<network-listener address=\"127.0.0.1\" port=\"" + SuitePorts.port(domain, "admin") + "\"")
                .replace("port=\"3700\"", "port=\"" + SuitePorts.port(domain, "iiop") + "\"")
                .replace("port=\"3820\"", "port=\"" + SuitePorts.port(domain, "iiopSsl") + "\"")
                .replace("port=\"3920\"", "port=\"" + SuitePorts.port(domain, "iiopMutual") + "\"")
                .replace("port=\"8686\"", "port=\"" + SuitePorts.port(domain, "jmx") + "\"")
                // Off: its RMI server would listen on every interface; asadmin and the suite use HTTP.
                .replace("<jmx-connector ", "<jmx-connector enabled=\"false\" ")
                // The server's JMS service, which the stock domain leaves to its default (EMBEDDED),
                // opens a listener for its lazily started Open MQ broker on every interface, whatever
                // its jms-host says. Nothing of the suite uses GlassFish's own JMS (the gateway and
                // the service use Artemis): REMOTE opens none.
                .replace("<config name=\"server-config\">", "<config name=\"server-config\">" + REMOTE_JMS)
                .replace(
                        "name=\"JMS_PROVIDER_PORT\" value=\"7676\"",
                        "name=\"JMS_PROVIDER_PORT\" value=\"" + SuitePorts.port(domain, "jms") + "\"")
                .replace(
                        "-Dosgi.shell.telnet.port=6666",
                        "-Dosgi.shell.telnet.port=" + SuitePorts.port(domain, "osgiShell"))
                // The suite's servers live for a minute or two on two shared cores: the C1 compiler
                // alone gets them started and deploying sooner than C2's optimizing work would.
                .replace(HEADLESS, HEADLESS + "<jvm-options>-XX:TieredStopAtLevel=1</jvm-options>")
                // Payara: its data grid (Hazelcast) listens on every interface whatever its bind
                // address says; the gateway does not use it. (GlassFish's domain has no such element.)
                .replace(
                        "<hazelcast-config-specific-configuration",
                        "<hazelcast-config-specific-configuration enabled=\"false\"");
    }

    private static String withProperties(String xml, Map<String, String> properties) {
        String server = "<server name=\"server\" config-ref=\"server-config\">";
        if (!xml.contains(server)) {
            throw new IllegalStateException("the stock domain.xml has no " + server + " (another GlassFish version?)");
        }
        StringBuilder elements = new StringBuilder(server);
        properties.forEach((name, value) -> elements.append("\n      <system-property name=\"")
                .append(name)
                .append("\" value=\"")
                .append(value)
                .append("\"/>"));
        return xml.replace(server, elements);
    }
}
