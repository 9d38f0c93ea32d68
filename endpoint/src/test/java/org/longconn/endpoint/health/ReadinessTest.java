package org.longconn.endpoint.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.longconn.endpoint.bus.Bus;

class ReadinessTest {

    @Test
    void readyOnlyWhileServingWithPushesFlowing() {
        assertTrue(new Readiness(true, Bus.State.CONNECTED).ready());
        assertTrue(new Readiness(true, Bus.State.IN_MEMORY).ready());
        assertFalse(new Readiness(true, Bus.State.DISCONNECTED).ready());
        assertFalse(new Readiness(true, Bus.State.STOPPED).ready());
        assertFalse(new Readiness(false, Bus.State.CONNECTED).ready());
    }

    @Test
    void theAnswerSaysWhatIsMissing() {
        assertEquals(
                "{\"status\":\"UP\",\"checks\":{\"serving\":true,\"bus\":\"in-memory\"}}",
                new Readiness(true, Bus.State.IN_MEMORY).json());
        assertEquals(
                "{\"status\":\"DOWN\",\"checks\":{\"serving\":true,\"bus\":\"disconnected\"}}",
                new Readiness(true, Bus.State.DISCONNECTED).json());
        assertEquals(
                "{\"status\":\"DOWN\",\"checks\":{\"serving\":false,\"bus\":\"connected\"}}",
                new Readiness(false, Bus.State.CONNECTED).json());
    }
}
