package org.longconn.appserver;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The kind of application server this run of the suite drives: how a node's configuration is
 * made, how the gateway's settings reach it, how its process is found, and the README's steps for
 * it. Maven's failsafe executions choose it with {@code longconn.it.server}: GlassFish's (also
 * Payara's) by default, or {@code wildfly}. The tests themselves are the same for every kind.
 */
interface ServerKind {

    /** The kind of this run. */
    static ServerKind current() {
        String name = System.getProperty("longconn.it.server", "glassfish");
        return switch (name) {
            case "glassfish" -> new GlassFishServers();
            case "wildfly" -> new WildFlyServers();
            default -> throw new IllegalStateException("longconn.it.server=" + name + ": glassfish or wildfly");
        };
    }

    /**
     * Makes {@code node}'s configuration, fresh, on loopback and the free ports reserved for it,
     * before Arquillian's connector starts it, with {@code settings} (the gateway's system
     * properties) if this kind takes them before the start.
     */
    void prepare(String node, Map<String, String> settings) throws IOException;

    /** Once the connector started {@code node}: applies {@code settings} if this kind takes them now. */
    void started(String node, Map<String, String> settings) throws IOException, InterruptedException;

    /**
     * The gateway's write path on this kind, as its gauge {@code longconn_write_path} names it:
     * {@code frame-once} on Tyrus (GlassFish, Payara), {@code portable} elsewhere.
     */
    String writePath();

    /**
     * Whether the server runs an Artemis client of its own, whose threads have the same names as
     * the client inside a deployment (WildFly's messaging). Threads of a deployment that uses the
     * server's client, as the example service does there through its pooled connection factory,
     * then cannot be told from the server's by name.
     */
    boolean runsArtemisClient();

    /** {@code node}'s server process, while it runs. */
    Optional<ProcessHandle> process(String node);

    /** The README's steps for this kind, on a node named {@code node} that the test starts itself. */
    ReadmeSteps readme(String node);
}
