package org.longconn.appserver;

import java.nio.file.Path;

/**
 * The README's "Deploying on an application server" steps for one server kind, each as the README
 * writes it, on a stock configuration moved to loopback and free ports ({@code AppServerIT}).
 */
interface ReadmeSteps {

    /** Starts the server. */
    void start() throws Exception;

    /** Gives the gateway its broker and node id, as server system properties. */
    void configure(String brokerUrl, String nodeId) throws Exception;

    /** Deploys {@code longconn-standby.war} at the server's root context. */
    void deployStandby(Path war) throws Exception;

    /** Deploys {@code longconn.ear}. */
    void deployGateway(Path ear) throws Exception;

    /** Undeploys the gateway. */
    void undeployGateway() throws Exception;

    /** Undeploys the standby. */
    void undeployStandby() throws Exception;

    /** Stops the server. */
    void stop() throws Exception;
}
