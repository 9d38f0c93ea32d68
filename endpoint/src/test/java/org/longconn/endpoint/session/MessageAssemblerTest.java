package org.longconn.endpoint.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

    private final MessageAssembler assembler = new MessageAssembler(10);

    @Test
    void singlePartMessageIsCompleteAtOnce() {
        assertEquals(MessageAssembler.Result.COMPLETE, assembler.append("hello", true));
        assertEquals("hello", assembler.take());
    }

    @Test
    void partsAreJoinedInOrder() {
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append("ab", false));
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append("cd", false));
        assertEquals(MessageAssembler.Result.COMPLETE, assembler.append("ef", true));

        assertEquals("abcdef", assembler.take());
    }

    @Test
    void messageLongerThanTheLimitIsReportedOversizeWhenItsLastPartArrives() {
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append("123456", false));
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append("789012", false));
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append("more", false));

        assertEquals(MessageAssembler.Result.OVERSIZE, assembler.append("end", true));
    }

    @Test
    void nextMessageAfterAnOversizeOneStartsFresh() {
        assembler.append("x".repeat(11), true);

        assertEquals(MessageAssembler.Result.COMPLETE, assembler.append("ok", true));
        assertEquals("ok", assembler.take());
    }

    @Test
    void messageOfExactlyTheLimitIsComplete() {
        assembler.append("12345", false);

        assertEquals(MessageAssembler.Result.COMPLETE, assembler.append("67890", true));
        assertEquals("1234567890", assembler.take());
    }

    @Test
    void binaryPartsAreJoinedInOrderAndCopiedFromTheContainersBuffer() {
        ByteBuffer reused = ByteBuffer.wrap(new byte[] {1, 2, 3});
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append(reused, false));
        reused.clear().put(new byte[] {4, 5}).flip();
        assertEquals(MessageAssembler.Result.COMPLETE, assembler.append(reused, true));

        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, assembler.takeBytes());
    }

    @Test
    void binaryMessageOverTheLimitIsOversizeAndTheNextStartsFresh() {
        assertEquals(MessageAssembler.Result.INCOMPLETE, assembler.append(ByteBuffer.allocate(8), false));
        assertEquals(MessageAssembler.Result.OVERSIZE, assembler.append(ByteBuffer.allocate(3), true));

        assertEquals(MessageAssembler.Result.COMPLETE, assembler.append(ByteBuffer.allocate(10), true));
        assertEquals(10, assembler.takeBytes().length);
    }
}
