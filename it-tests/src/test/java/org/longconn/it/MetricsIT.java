package org.longconn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /longconn/metrics} after known traffic: a Prometheus text parser reads the scrape
 * before and after, and each counter moved by exactly what the traffic did. With an admin secret
 * set, the scrape needs it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    private static final String SECRET = "metrics-secret";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway("adminSecret=" + SECRET + "\ncallTimeoutMs=1000\n");
    }

    private static HttpResponse<String> scrape(String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Deployments.port() + "/longconn/metrics"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText metrics() throws Exception {
        HttpResponse<String> answer = scrape("Bearer " + SECRET);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(
                answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                answer.headers().toString());
        return new PrometheusText(answer.body());
    }

    @Test
    void theScrapeNeedsTheAdminSecret() throws Exception {
        assertEquals(401, scrape(null).statusCode());
        assertEquals(401, scrape("Bearer wrong").statusCode());
        assertEquals(200, scrape("Bearer " + SECRET).statusCode());
    }

    @Test
    void countersMoveByWhatTheTrafficDid() throws Exception {
        PrometheusText before = metrics();
        try (TestClient one = TestClient.connect(Deployments.ws(null));
                TestClient two = TestClient.connect(Deployments.ws(null))) {
            one.subscribe("m.news");
            two.subscribe("m.news", "m.other");
            for (int i = 0; i < 3; i++) {
                assertTrue(one.call("test.push", "{\"opType\":\"m.news\",\"data\":" + i + "}")
                        .containsKey("data"));
            }
            for (int i = 0; i < 3; i++) {
                one.pollPush("m.news", TestClient.TIMEOUT);
                two.pollPush("m.news", TestClient.TIMEOUT);
            }
            one.send("{not json");
            assertEquals("bad_json", one.awaitType("error").getString("code"));
            assertEquals(
                    "not_found",
                    one.call("test.fail", "null").getJsonObject("error").getString("code"));

            PrometheusText during = metrics();
            assertEquals(2, during.value("longconn_sessions_open{transport=\"websocket\"}"), during.toString());
            assertEquals(3, during.value("longconn_subscriptions"), during.toString());
            assertEquals(
                    2,
                    during.value("longconn_handshakes_total{outcome=\"accepted\"}")
                            - before.value("longconn_handshakes_total{outcome=\"accepted\"}"));
            assertEquals(
                    3, during.value("longconn_pushes_received_total") - before.value("longconn_pushes_received_total"));
            assertEquals(6, during.value("longconn_deliveries_total") - before.value("longconn_deliveries_total"));
            assertEquals(
                    3,
                    during.value("longconn_push_latency_seconds_count")
                            - before.value("longconn_push_latency_seconds_count"));
            assertEquals(
                    1,
                    during.value("longconn_frames_refused_total{code=\"bad_json\"}")
                            - before.value("longconn_frames_refused_total{code=\"bad_json\"}"));
            assertEquals(
                    3,
                    during.value("longconn_calls_seconds_count{outcome=\"ok\"}")
                            - before.value("longconn_calls_seconds_count{outcome=\"ok\"}"));
            assertEquals(
                    1,
                    during.value("longconn_calls_seconds_count{outcome=\"error\"}")
                            - before.value("longconn_calls_seconds_count{outcome=\"error\"}"));
            assertEquals(1, during.value("longconn_bus_connected"));
            assertTrue(during.value("longconn_history_pushes") >= 3, during.toString());
            assertTrue(during.value("longconn_history_bytes") > 0, during.toString());
        }
        // Both clients dropped their connections (TestClient aborts): the node counts each end once,
        // as 1006 (no close frame), once it has seen them.
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        PrometheusText after;
        while ((after = metrics()).value("longconn_sessions_open{transport=\"websocket\"}") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sessions still open 10 s after their clients closed: " + after);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertEquals(
                2,
                after.value("longconn_sessions_closed_total{code=\"1006\"}")
                        - before.value("longconn_sessions_closed_total{code=\"1006\"}"),
                after.toString());
    }
}
