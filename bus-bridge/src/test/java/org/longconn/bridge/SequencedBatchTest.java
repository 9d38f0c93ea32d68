package org.longconn.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;

class SequencedBatchTest {

    @Test
    void everyKindOfPushComesBackExactly() throws IOException {
        String big = "[\"" + "é\uD83D\uDE00".repeat(30_000) + "\"]"; // several chunks, pairs split across them
        List<SequencedBatch.Entry> entries = List.of(
                new SequencedBatch.Entry(Push.of("a.b", new PushPayload.Json("{\"s\":\"\uD83D\"}")), 1L, "node-1"),
                new SequencedBatch.Entry(
                        Push.toUser("alice", "inbox.new", new PushPayload.Json("{\"unread\":3}")), 2L, null),
                new SequencedBatch.Entry(
                        Push.toSession("s-9", "file.chunk", new PushPayload.Binary(new byte[] {0, 1, -1})), 3L, "n"),
                new SequencedBatch.Entry(Push.of("big.one", new PushPayload.Json(big)), 4L, null),
                new SequencedBatch.Entry(Push.of("empty.bin", new PushPayload.Binary(new byte[0])), 5L, null));
        assertEquals(entries, SequencedBatch.read(SequencedBatch.of(entries), entries.size()));
    }

    @Test
    void aBodyThatIsNotThatManyPushesIsRefused() {
        byte[] one =
                SequencedBatch.of(List.of(new SequencedBatch.Entry(Push.of("a", new PushPayload.Json("1")), 1L, null)));
        assertThrows(IOException.class, () -> SequencedBatch.read(one, 2));
        byte[] extra = Arrays.copyOf(one, one.length + 1);
        assertThrows(IOException.class, () -> SequencedBatch.read(extra, 1));
    }

    @Test
    void aPushThatCannotBeWrittenIsLeftOutAndTheBatchStaysReadable() throws IOException {
        SequencedBatch.Writer writer = new SequencedBatch.Writer();
        SequencedBatch.Entry ok = new SequencedBatch.Entry(Push.of("a", new PushPayload.Json("1")), 1L, null);
        writer.add(ok);
        assertFalse(writer.add(
                new SequencedBatch.Entry(Push.toUser("u".repeat(70_000), "a", new PushPayload.Json("2")), 2L, null)));
        writer.add(ok);
        assertEquals(2, writer.count());
        assertEquals(List.of(ok, ok), SequencedBatch.read(writer.toByteArray(), 2));
    }

    @Test
    void aWriterResetForTheNextBatchHoldsOnlyThatBatch() throws IOException {
        SequencedBatch.Writer writer = new SequencedBatch.Writer();
        SequencedBatch.Entry first = new SequencedBatch.Entry(Push.of("a", new PushPayload.Json("[1]")), 1L, null);
        SequencedBatch.Entry second = new SequencedBatch.Entry(Push.of("b", new PushPayload.Json("2")), 2L, "n");
        writer.add(first);
        writer.add(first);
        writer.reset();
        writer.add(second);
        assertEquals(1, writer.count());
        assertEquals(List.of(second), SequencedBatch.read(writer.toByteArray(), 1));
    }
}
