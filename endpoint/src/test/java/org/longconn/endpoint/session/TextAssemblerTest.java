package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextAssemblerTest {

    private final TextAssembler assembler = new TextAssembler(10);

    @Test
    void singlePartMessageIsCompleteAtOnce() {
        assertEquals(TextAssembler.Result.COMPLETE, assembler.append("hello", true));
        assertEquals("hello", assembler.take());
    }

    @Test
    void partsAreJoinedInOrder() {
        assertEquals(TextAssembler.Result.INCOMPLETE, assembler.append("ab", false));
        assertEquals(TextAssembler.Result.INCOMPLETE, assembler.append("cd", false));
        assertEquals(TextAssembler.Result.COMPLETE, assembler.append("ef", true));

        assertEquals("abcdef", assembler.take());
    }

    @Test
    void messageLongerThanTheLimitIsReportedOversizeWhenItsLastPartArrives() {
        assertEquals(TextAssembler.Result.INCOMPLETE, assembler.append("123456", false));
        assertEquals(TextAssembler.Result.INCOMPLETE, assembler.append("789012", false));
        assertEquals(TextAssembler.Result.INCOMPLETE, assembler.append("more", false));

        assertEquals(TextAssembler.Result.OVERSIZE, assembler.append("end", true));
    }

    @Test
    void nextMessageAfterAnOversizeOneStartsFresh() {
        assembler.append("x".repeat(11), true);

        assertEquals(TextAssembler.Result.COMPLETE, assembler.append("ok", true));
        assertEquals("ok", assembler.take());
    }

    @Test
    void messageOfExactlyTheLimitIsComplete() {
        assembler.append("12345", false);

        assertEquals(TextAssembler.Result.COMPLETE, assembler.append("67890", true));
        assertEquals("1234567890", assembler.take());
    }
}
