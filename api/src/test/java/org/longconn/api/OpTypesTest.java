package org.longconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpTypesTest {

    @Test
    void acceptsDottedSegmentsOfAllowedCharacters() {
        assertNull(OpTypes.validateExact("order.created", 128));
        assertNull(OpTypes.validateExact("chat:room-1.msg_new", 128));
    }

    @Test
    void rejectsEmptySegmentsAndBadCharacters() {
        assertNotNull(OpTypes.validateExact("", 128));
        assertNotNull(OpTypes.validateExact(".order", 128));
        assertNotNull(OpTypes.validateExact("order..x", 128));
        assertNotNull(OpTypes.validateExact("order.", 128));
        assertNotNull(OpTypes.validateExact("order created", 128));
        assertNotNull(OpTypes.validateExact("订单", 128));
    }

    @Test
    void aCharacterBeyondTheBasicPlaneIsQuotedWhole() {
        String problem = OpTypes.validateExact("chat.\uD83D\uDE00", 128);

        assertTrue(problem.contains("contains '\uD83D\uDE00'"), problem);
    }

    @Test
    void rejectsTooLongOpTypesWithTheLimitInTheMessage() {
        String problem = OpTypes.validateExact("a".repeat(11), 10);
        assertNotNull(problem);
        assertTrue(problem.contains("10"), problem);
    }

    @Test
    void wildcardsOnlyAsWholeSegmentsAndOnlyInPatterns() {
        assertNull(OpTypes.validatePattern("order.*", 128));
        assertNull(OpTypes.validatePattern("order.#", 128));
        assertNull(OpTypes.validatePattern("#", 128));
        assertNotNull(OpTypes.validatePattern("order.a*", 128));
        assertNotNull(OpTypes.validateExact("order.*", 128));
        assertTrue(OpTypes.isPattern("a.*.c"));
        assertFalse(OpTypes.isPattern("a.b.c"));
    }

    @Test
    void literalCarriesTheValue() {
        assertEquals("x.y", OpType.Literal.of("x.y").value());
    }
}
