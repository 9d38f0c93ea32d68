package org.longconn.endpoint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayConfigTest {

    private static GatewayConfig from(Map<String, String> values) {
        return GatewayConfig.from(values::get);
    }

    @Test
    void nothingSetGivesTheDefaults() {
        GatewayConfig config = from(Map.of());

        assertEquals(GatewayConfig.defaults(), config);
        assertEquals(64 * 1024, config.maxFrameBytes());
        assertEquals(100, config.maxSubscriptions());
        assertEquals(128, config.maxOpTypeLength());
        assertEquals(1_000, config.outboxMaxMessages());
        assertEquals(4L * 1024 * 1024, config.outboxMaxBytes());
        assertEquals(60_000, config.idleTimeoutMs());
        assertEquals(25_000, config.heartbeatIntervalMs());
        assertEquals(10_000, config.callTimeoutMs());
        assertEquals(100, config.maxFramesPerSecond());
        assertEquals(20, config.maxBadFrames());
        assertEquals(2_000, config.closeGraceMs());
    }

    @Test
    void blankValuesFallBackToTheDefaults() {
        assertEquals(GatewayConfig.defaults(), from(Map.of("maxFrameBytes", "", "idleTimeoutMs", "  ")));
    }

    @Test
    void everySettingCanBeOverridden() {
        GatewayConfig config = from(Map.ofEntries(
                Map.entry("maxFrameBytes", "1024"),
                Map.entry("maxSubscriptions", "5"),
                Map.entry("maxOpTypeLength", "32"),
                Map.entry("outboxMaxMessages", "50"),
                Map.entry("outboxMaxBytes", " 2048 "),
                Map.entry("idleTimeoutMs", "9000"),
                Map.entry("heartbeatIntervalMs", "3000"),
                Map.entry("callTimeoutMs", "700"),
                Map.entry("maxFramesPerSecond", "7"),
                Map.entry("maxBadFrames", "2"),
                Map.entry("closeGraceMs", "100"),
                Map.entry("sendTimeLimitMs", "4000"),
                Map.entry("maxPublishBytes", "8192")));

        assertEquals(new GatewayConfig(1024, 5, 32, 50, 2048, 9000, 3000, 700, 7, 2, 100, 4000, 8192), config);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "1.5", "2147483648", "10k"})
    void invalidValuesAreRejectedNamingTheSetting(String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> from(Map.of("maxSubscriptions", value)));

        assertTrue(e.getMessage().contains("longconn.maxSubscriptions"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void errorNamesTheOffendingSettingAmongSeveral() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> from(Map.of("maxFrameBytes", "100", "closeGraceMs", "-1")));

        assertTrue(e.getMessage().contains("longconn.closeGraceMs"), e.getMessage());
    }

    @Test
    void heartbeatNotShorterThanIdleTimeoutIsRejected() {
        IllegalArgumentException equal = assertThrows(
                IllegalArgumentException.class,
                () -> from(Map.of("heartbeatIntervalMs", "5000", "idleTimeoutMs", "5000")));
        IllegalArgumentException longer =
                assertThrows(IllegalArgumentException.class, () -> from(Map.of("heartbeatIntervalMs", "70000")));

        assertTrue(equal.getMessage().contains("longconn.heartbeatIntervalMs"), equal.getMessage());
        assertTrue(longer.getMessage().contains("longconn.idleTimeoutMs"), longer.getMessage());
    }

    @Test
    void aFlagIsTrueOrFalseAndAnythingElseNamesTheSetting() {
        GatewayConfig.Reader reader =
                new GatewayConfig.Reader(Map.of("on", "TRUE", "off", " false ", "blank", " ", "typo", "flase")::get);
        assertTrue(reader.flag("on", false));
        assertEquals(false, reader.flag("off", true));
        assertTrue(reader.flag("blank", true));
        assertTrue(reader.flag("unset", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.flag("typo", true));
        assertEquals("longconn.typo must be true or false, got 'flase'", e.getMessage());
    }
}
