package org.longconn.examples.publisher;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** The broker this service uses: system property or environment, like the gateway's setting. */
final class Broker {

    private Broker() {}

    static ActiveMQConnectionFactory connectionFactory() {
        String url = System.getProperty("longconn.brokerUrl", System.getenv("LONGCONN_BROKER_URL"));
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("set longconn.brokerUrl (or LONGCONN_BROKER_URL) to the broker's URL");
        }
        return new ActiveMQConnectionFactory(url.strip());
    }
}
