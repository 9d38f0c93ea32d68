package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UpgradeRequestCheckTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static UpgradeRequestCheck.Problem check(
            String method, String protocol, String connection, String key, String version) {
        return UpgradeRequestCheck.check(method, protocol, connection, key, version, "gw.example");
    }

    @Test
    void aWellFormedUpgradePasses() {
        assertNull(check("GET", "HTTP/1.1", "Upgrade", KEY, "13"));
        assertNull(check("GET", "HTTP/1.1", "keep-alive, Upgrade", KEY, " 13"));
    }

    @Test
    void eachRequirementOfRfc6455IsRefusedWithWhatToFix() {
        assertEquals(400, check("POST", "HTTP/1.1", "Upgrade", KEY, "13").status());
        assertEquals(400, check("GET", "HTTP/1.0", "Upgrade", KEY, "13").status());
        assertEquals(400, check("GET", "HTTP/1.1", "keep-alive", KEY, "13").status());
        assertEquals(400, check("GET", "HTTP/1.1", null, KEY, "13").status());
        assertEquals(400, check("GET", "HTTP/1.1", "Upgrade", "c2hvcnQ=", "13").status());
        assertEquals(
                400, check("GET", "HTTP/1.1", "Upgrade", "not base64!", "13").status());
        assertEquals(400, check("GET", "HTTP/1.1", "Upgrade", null, "13").status());
        assertEquals(426, check("GET", "HTTP/1.1", "Upgrade", KEY, "8").status());
        assertEquals(426, check("GET", "HTTP/1.1", "Upgrade", KEY, null).status());
        assertEquals(
                400,
                UpgradeRequestCheck.check("GET", "HTTP/1.1", "Upgrade", KEY, "13", null)
                        .status());
        assertEquals(
                "a WebSocket upgrade needs 'Connection: Upgrade'",
                check("GET", "HTTP/1.1", "keep-alive", KEY, "13").reason());
    }
}
