package org.longconn.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;

/**
 * The stand-alone broker and two gateway nodes on it (the EAR in two JVMs, node ids {@code a}
 * and {@code b}), started and ready: both connected to the broker and serving upgrades.
 */
final class TwoNodeCluster implements AutoCloseable {

    /** Both nodes' admin secret (the admin API and the metrics). */
    static final String ADMIN_SECRET = "it-admin";

    final int brokerPort = Integer.parseInt(System.getProperty("longconn.it.brokerPort"));
    final int portA = Integer.parseInt(System.getProperty("longconn.it.standalonePort"));
    final int portB = Integer.parseInt(System.getProperty("longconn.it.nodeBPort"));
    final ServerProcess broker;
    final ServerProcess nodeA;
    final ServerProcess nodeB;

    /**
     * @param name prefix of the nodes' log names
     * @param nodeBProperties extra system properties for node b only (e.g. {@code -Dlongconn.remoteOpTypes=...})
     */
    static TwoNodeCluster start(String name, String... nodeBProperties) throws Exception {
        return new TwoNodeCluster(name, nodeBProperties);
    }

    private TwoNodeCluster(String name, String... nodeBProperties) throws Exception {
        broker = ServerProcess.broker(brokerPort).start();
        broker.awaitLog("longconn broker listening", 1);
        String url = "-Dlongconn.brokerUrl=" + brokerUrl();
        String admin = "-Dlongconn.adminSecret=" + ADMIN_SECRET;
        nodeA = ServerProcess.gateway(name + "-a", portA, url, "-Dlongconn.nodeId=a", admin)
                .start();
        List<String> b = new ArrayList<>(List.of(url, "-Dlongconn.nodeId=b", admin));
        b.addAll(List.of(nodeBProperties));
        nodeB = ServerProcess.gateway(name + "-b", portB, b.toArray(String[]::new))
                .start();
        // Connected to the broker happens as the application starts; serving upgrades comes after.
        for (ServerProcess node : List.of(nodeA, nodeB)) {
            node.awaitLog("connected to the broker at", 1);
        }
        nodeA.awaitPage(portA, "/longconn/");
        nodeB.awaitPage(portB, "/longconn/");
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    URI wsA() {
        return ws(portA);
    }

    URI wsB() {
        return ws(portB);
    }

    static URI ws(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/longconn/ws");
    }

    /**
     * A request to the admin API of the node on {@code port}, with {@code secret} as bearer
     * ({@code null}: none); a GET without {@code body}, else a POST of it.
     */
    static HttpResponse<String> admin(int port, String path, String body, String secret) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/longconn/admin" + path));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JMS publisher of the kind outside services use; the caller closes it. */
    PushPublisher publisher() {
        return new PushPublisher(new ActiveMQConnectionFactory(brokerUrl()));
    }

    /** Publishes {@code pushes} from outside, over JMS, and waits for the broker to take each. */
    void publish(Push... pushes) {
        try (PushPublisher publisher = publisher()) {
            for (Push push : pushes) {
                publisher.publish(push);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        ServerProcess.closeAll(nodeA, nodeB, broker);
    }
}
