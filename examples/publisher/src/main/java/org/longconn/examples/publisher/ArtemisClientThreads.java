package org.longconn.examples.publisher;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.remoting.impl.netty.SharedEventLoopGroup;

/**
 * Ends the threads of the Artemis client this WAR carries when the application is undeployed, if
 * this WAR loaded that client itself. The client's global thread pools and its shared Netty event
 * loop live as long as its classes: left running, they outlive the undeploy and fail on the closed
 * class loader seconds later (seen on WildFly as {@code NoClassDefFoundError}s from
 * {@code activemq-client-remoting} threads). On GlassFish and Payara the WAR sees the copy of the
 * client in the application's resource adapter instead (the application's class loader comes
 * first), which the adapter still uses while it stops the message-driven bean and ends itself:
 * that copy is left alone. The beans that use the client depend on this one, so it ends last.
 */
@Singleton
@Startup
public class ArtemisClientThreads {

    @PreDestroy
    void end() {
        if (ActiveMQClient.class.getClassLoader() == ArtemisClientThreads.class.getClassLoader()) {
            ActiveMQClient.clearThreadPools();
            SharedEventLoopGroup.forceShutdown();
        }
    }
}
