package org.longconn.endpoint.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BusConfigTest {

    @Test
    void withoutABrokerUrlTheNodeRunsAloneOnTheDefaultAddress() {
        BusConfig config = BusConfig.from(Map.<String, String>of()::get);
        assertFalse(config.usesBroker());
        assertEquals("longconn.push", config.pushAddress());
        assertTrue(config.nodeId().startsWith("node-"));
    }

    @Test
    void brokerSettingsAreReadAndTrimmed() {
        BusConfig config = BusConfig.from(Map.of(
                "brokerUrl",
                " tcp://127.0.0.1:61616 ",
                "brokerUser",
                "gw",
                "brokerPassword",
                "secret",
                "pushAddress",
                "my.push",
                "nodeId",
                "a")::get);
        assertTrue(config.usesBroker());
        assertEquals("tcp://127.0.0.1:61616", config.brokerUrl());
        assertEquals("my.push", config.pushAddress());
        assertEquals("a", config.nodeId());
        assertFalse(config.toString().contains("secret"), "the password is never logged");
    }

    @Test
    void aBlankBrokerUrlMeansNoBroker() {
        assertFalse(BusConfig.from(Map.of("brokerUrl", "  ")::get).usesBroker());
    }

    @Test
    void remoteOpTypesAreValidatedAndNeedABroker() {
        BusConfig config = BusConfig.from(Map.of("brokerUrl", "tcp://x:1", "remoteOpTypes", "svc.#, billing.*")::get);
        assertEquals(java.util.List.of("svc.#", "billing.*"), config.remoteOpTypes());
        assertEquals("longconn.inbound", config.inboundAddress());
        IllegalArgumentException noBroker = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> BusConfig.from(Map.of("remoteOpTypes", "svc.#")::get));
        assertTrue(noBroker.getMessage().contains("longconn.brokerUrl"), noBroker.getMessage());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> BusConfig.from(Map.of("brokerUrl", "tcp://x:1", "remoteOpTypes", "svc..x")::get));
        assertTrue(bad.getMessage().startsWith("longconn.remoteOpTypes"), bad.getMessage());
    }

    @Test
    void theSequencersBrokerAndTheReplayBoundAreReadWithDefaults() {
        BusConfig defaults = BusConfig.from(Map.of("brokerUrl", "tcp://a:1")::get);
        assertEquals(null, defaults.sequencerUrl());
        assertEquals(10_000, defaults.replayBatches());
        BusConfig set = BusConfig.from(Map.of(
                "brokerUrl", "tcp://b:1",
                "sequencerUrl", "(tcp://a:1,tcp://a-backup:1)?ha=true",
                "busReplayBatches", "50")::get);
        assertEquals("(tcp://a:1,tcp://a-backup:1)?ha=true", set.sequencerUrl());
        assertEquals(50, set.replayBatches());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> BusConfig.from(Map.of("brokerUrl", "tcp://b:1", "busReplayBatches", "0")::get));
        assertTrue(bad.getMessage().startsWith("longconn.busReplayBatches"), bad.getMessage());
    }
}
