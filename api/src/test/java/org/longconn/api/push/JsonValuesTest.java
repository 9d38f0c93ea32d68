package org.longconn.api.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void theStreamingCheckAndTheParserAgreeOnEveryCase() {
        for (String json : new String[] {
            "{}",
            "[1,2]",
            "\"s\"",
            "1.5",
            "true",
            "null",
            " {\"a\":[{}]} ",
            "",
            "  ",
            "{",
            "{} {}",
            "1 2",
            "{\"a\":1} x",
            "[".repeat(5_000),
            "{\"a\":}",
            "[1,]",
            "\"\\ud83d\"",
            "{\"a\":\"\\x\"}",
            "01",
            "[1]]"
        }) {
            boolean parses;
            try {
                JsonValues.parse(json);
                parses = true;
            } catch (IllegalArgumentException e) {
                parses = false;
            }
            assertEquals(parses, JsonValues.problem(json) == null, json);
        }
    }

    @Test
    void parseSaysWhatIsWrong() {
        assertEquals(
                "empty; use null for no value",
                assertThrows(IllegalArgumentException.class, () -> JsonValues.parse(" "))
                        .getMessage());
        String trailing = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("1 2"))
                .getMessage();
        assertTrue(trailing.startsWith("not valid JSON") || trailing.startsWith("more follows"), trailing);
    }
}
