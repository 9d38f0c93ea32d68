package org.longconn.api.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PositionTest {

    @Test
    void theWireFormIsEpochDashSeqAndParsesBack() {
        Position position = new Position("k3x9q2", 1041);
        assertEquals("k3x9q2-1041", position.wire());
        assertEquals(position, Position.parse("k3x9q2-1041"));
        assertEquals(new Position("a", 999_999_999_999_999_999L), Position.parse("a-999999999999999999"));
    }

    @Test
    void anythingElseIsNotAPositionAndNeverThrows() {
        for (String bad : new String[] {
            null,
            "",
            "-",
            "abc",
            "abc-",
            "-5",
            "ab c-1",
            "a-1x",
            "a--1",
            "a-+1",
            "a-9999999999999999999",
            "a".repeat(33) + "-1"
        }) {
            assertNull(Position.parse(bad), String.valueOf(bad));
        }
    }

    @Test
    void invalidPartsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> new Position("a-b", 1));
        assertThrows(IllegalArgumentException.class, () -> new Position("a", -1));
    }

    @Test
    void positionsAreOrderedWithinAnEpochOnly() {
        Position five = new Position("e1", 5);
        assertTrue(new Position("e1", 6).isAfter(five));
        assertFalse(five.isAfter(five));
        assertFalse(new Position("e2", 9).isAfter(five), "another epoch is not ordered");
        assertEquals(new Position("e1", 6), new Position("e1", 6).laterOf(five));
        assertEquals(new Position("e1", 6), five.laterOf(new Position("e1", 6)));
        assertEquals(
                new Position("e2", 1),
                new Position("e1", 9).laterOf(new Position("e2", 1)),
                "the other epoch is newer");
    }

    @Test
    void aPositionIsCoveredByItselfAndLaterOnesOfItsEpochOnly() {
        Position five = new Position("e1", 5);
        assertTrue(five.isCoveredBy(five));
        assertTrue(five.isCoveredBy(new Position("e1", 6)));
        assertFalse(new Position("e1", 6).isCoveredBy(five));
        assertFalse(five.isCoveredBy(new Position("e2", 9)), "never across epochs");
    }
}
