package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Extension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.config.DeflateConfig;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.metrics.GatewayMetrics;

/** Which offers of permessage-deflate the gateway takes (RFC 7692 §7.1), and that the setting gates it. */
class CompressionTest {

    private record Parameter(String getName, String getValue) implements Extension.Parameter {}

    private record Offer(String getName, List<Extension.Parameter> getParameters) implements Extension {}

    private static Extension.Parameter p(String name, String value) {
        return new Parameter(name, value);
    }

    @Test
    void offersWithParametersItCanHonourAreTaken() {
        assertTrue(Compression.acceptable(List.of()));
        assertTrue(Compression.acceptable(List.of(p("client_max_window_bits", null))), "as Chromium offers it");
        assertTrue(Compression.acceptable(
                List.of(p("client_max_window_bits", "10"), p("server_no_context_takeover", null))));
        assertTrue(Compression.acceptable(List.of(p("server_max_window_bits", "15"))));
    }

    @Test
    void offersItCannotHonourAreDeclined() {
        assertFalse(
                Compression.acceptable(List.of(p("server_max_window_bits", "10"))), "the JDK deflates with 15 bits");
        assertFalse(Compression.acceptable(List.of(p("x_custom", null))));
        assertFalse(Compression.acceptable(
                List.of(p("server_no_context_takeover", null), p("server_no_context_takeover", null))));
    }

    @Test
    void nothingIsNegotiatedWhileTheSettingIsOff() {
        Compression off = new Compression(DeflateConfig.defaults(), GatewayConfig.defaults(), GatewayMetrics.off());
        assertEquals(List.of(), off.negotiate(List.of(new Offer("permessage-deflate", List.of()))));
    }

    @Test
    void theFirstAcceptableOfferIsAnsweredWithoutContextTakeover() {
        Compression on =
                new Compression(new DeflateConfig(true, 64, 6), GatewayConfig.defaults(), GatewayMetrics.off());
        List<Extension> answer = on.negotiate(List.of(
                new Offer("x-webkit-deflate-frame", List.of()),
                new Offer("permessage-deflate", List.of(p("server_max_window_bits", "9"))),
                new Offer("permessage-deflate", List.of(p("client_max_window_bits", null)))));
        assertEquals(1, answer.size());
        assertEquals("permessage-deflate", answer.get(0).getName());
        assertEquals(
                List.of("server_no_context_takeover", "client_no_context_takeover"),
                answer.get(0).getParameters().stream()
                        .map(Extension.Parameter::getName)
                        .toList());
    }
}
