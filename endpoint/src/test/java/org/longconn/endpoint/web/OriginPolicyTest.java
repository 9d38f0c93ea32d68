package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void requestsWithoutOriginPass() {
        assertTrue(new OriginPolicy((String) null).allows(null, "gw.example:8080"));
    }

    @Test
    void sameOriginMeansTheOriginsHostAndPortEqualTheHostHeader() {
        OriginPolicy policy = new OriginPolicy((String) null);
        assertTrue(policy.allows("http://gw.example:8080", "gw.example:8080"));
        assertTrue(policy.allows("https://GW.example", "gw.example"));
        assertFalse(policy.allows("http://gw.example:8081", "gw.example:8080"));
        assertFalse(policy.allows("http://gw.example.evil.example", "gw.example"));
        assertFalse(policy.allows("https://evil.example", "gw.example"));
        assertFalse(policy.allows("null", "gw.example"));
        assertFalse(policy.allows("https://evil.example", null));
    }

    @Test
    void allowedOriginsArePatternsWithStarsAndAloneStarAllowsAll() {
        OriginPolicy policy = new OriginPolicy(" https://app.example.com, https://*.partner.example ,");
        assertTrue(policy.allows("https://app.example.com", "gw.example"));
        assertTrue(policy.allows("https://a.b.partner.example", "gw.example"));
        assertFalse(policy.allows("http://app.example.com", "gw.example"));
        assertFalse(policy.allows("https://partner.example.evil", "gw.example"));
        // Dots are literal, not regex wildcards.
        assertFalse(policy.allows("https://appxexample.com", "gw.example"));
        assertTrue(new OriginPolicy("*").allows("null", "gw.example"));
    }
}
