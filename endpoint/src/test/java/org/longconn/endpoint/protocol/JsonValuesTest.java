package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void exactlyOneValueOfAnyKindPasses() {
        for (String json : new String[] {"{}", "[1,2]", "\"s\"", "1.5", "true", "null", " {\"a\":[{}]} "}) {
            assertNull(JsonValues.problem(json), json);
        }
    }

    @Test
    void emptyMalformedTrailingAndTooDeepFail() {
        for (String json : new String[] {"", "  ", "{", "{} {}", "1 2", "{\"a\":1} x", "[".repeat(5_000)}) {
            assertNotNull(JsonValues.problem(json), json);
        }
    }
}
