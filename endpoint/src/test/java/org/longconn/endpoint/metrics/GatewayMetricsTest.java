package org.longconn.endpoint.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.ErrorCode;

class GatewayMetricsTest {

    @Test
    void countsAppearInTheScrapeUnderPrometheusNames() {
        GatewayMetrics metrics = GatewayMetrics.prometheus();
        metrics.pushed(3, 1, 1_000, 1_250);
        metrics.refused(ErrorCode.BAD_JSON);
        metrics.called("not_found", 5_000_000); // an application's own code counts as "error"
        metrics.called("timeout", 1_000_000_000);
        metrics.closed(4001);
        metrics.resumed(false);
        String text = metrics.scrape();
        assertTrue(text.contains("longconn_pushes_received_total 1.0"), text);
        assertTrue(text.contains("longconn_deliveries_total 3.0"), text);
        assertTrue(text.contains("longconn_deliveries_dropped_total 1.0"), text);
        assertTrue(text.contains("longconn_push_latency_seconds_sum 0.25"), text);
        assertTrue(text.contains("longconn_frames_refused_total{code=\"bad_json\"} 1.0"), text);
        assertTrue(text.contains("longconn_calls_seconds_count{outcome=\"error\"} 1"), text);
        assertTrue(text.contains("longconn_calls_seconds_count{outcome=\"timeout\"} 1"), text);
        assertFalse(text.contains("outcome=\"not_found\""), "application codes do not become labels");
        assertTrue(text.contains("longconn_sessions_closed_total{code=\"4001\"} 1.0"), text);
        assertTrue(text.contains("longconn_resumes_total{recovered=\"false\"} 1.0"), text);
        metrics.close();
    }

    @Test
    void turnedOffEveryCountIsANoOpAndThereIsNothingToScrape() {
        GatewayMetrics metrics = GatewayMetrics.off();
        metrics.pushed(3, 0, 1_000, 1_250);
        metrics.closed(1000);
        assertFalse(metrics.enabled());
        assertNull(metrics.scrape());
    }
}
