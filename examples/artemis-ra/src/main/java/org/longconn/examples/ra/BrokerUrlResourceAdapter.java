package org.longconn.examples.ra;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.net.URI;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.remoting.impl.netty.SharedEventLoopGroup;
import org.apache.activemq.artemis.ra.ActiveMQResourceAdapter;

/**
 * Artemis's resource adapter, connecting to the broker named by {@code longconn.brokerUrl} (system
 * property, or the {@code LONGCONN_BROKER_URL} environment variable): the one setting the gateway
 * and the services beside it share, so the adapter needs no host and port of its own in ra.xml.
 */
public class BrokerUrlResourceAdapter extends ActiveMQResourceAdapter {

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        String url = System.getProperty("longconn.brokerUrl", System.getenv("LONGCONN_BROKER_URL"));
        if (url == null || url.isBlank()) {
            throw new ResourceAdapterInternalException(
                    "set longconn.brokerUrl (or LONGCONN_BROKER_URL) to the broker's URL, e.g. tcp://127.0.0.1:61616");
        }
        URI broker = URI.create(url.strip());
        if (!"tcp".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 0) {
            throw new ResourceAdapterInternalException("longconn.brokerUrl must be tcp://HOST:PORT, got '" + url + "'");
        }
        setConnectionParameters("host=" + broker.getHost() + ";port=" + broker.getPort());
        super.start(context);
    }

    /**
     * Stops the adapter, then ends the Artemis client's global thread pools and its shared Netty
     * event loop. They live as long as this RAR's copy of the client (which the application's other
     * modules use too on GlassFish and Payara, where the application's class loader comes first):
     * left running, they outlive the undeploy (RedeployOnAppServerIT counts them).
     */
    @Override
    public void stop() {
        super.stop();
        ActiveMQClient.clearThreadPools();
        SharedEventLoopGroup.forceShutdown();
    }
}
