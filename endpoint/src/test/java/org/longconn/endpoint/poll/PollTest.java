package org.longconn.endpoint.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longconn.endpoint.protocol.ErrorCode;

class PollTest {

    private static Poll parse(Map<String, String[]> query) throws PollException {
        return Poll.parse(query, 25_000, 3);
    }

    @Test
    void readsOpTypesWithAndWithoutPositionsEachOnce() throws PollException {
        Poll poll = parse(Map.of("sub", new String[] {"chat.room1@ep-4", "orders.#", "chat.room1@ep-9"}));
        assertEquals(
                List.of(new Poll.Subscription("chat.room1", "ep-4"), new Poll.Subscription("orders.#", null)),
                poll.subscriptions());
        assertEquals(25_000, poll.waitMs(), "the longest wait by default");
    }

    @Test
    void aWaitIsCappedAndZeroMeansAnswerAtOnce() throws PollException {
        assertEquals(
                25_000,
                parse(Map.of("sub", new String[] {"a"}, "wait", new String[] {"600000"}))
                        .waitMs());
        assertEquals(
                0,
                parse(Map.of("sub", new String[] {"a"}, "wait", new String[] {"0"}))
                        .waitMs());
    }

    @Test
    void refusesPollsWithoutOpTypesWithTooManyOrWithABadWait() {
        PollException none = assertThrows(PollException.class, () -> parse(Map.of()));
        assertEquals(ErrorCode.BAD_REQUEST, none.code());
        assertTrue(none.getMessage().contains("?sub="));
        PollException many =
                assertThrows(PollException.class, () -> parse(Map.of("sub", new String[] {"a", "b", "c", "d"})));
        assertEquals(ErrorCode.TOO_MANY_SUBSCRIPTIONS, many.code());
        PollException wait = assertThrows(
                PollException.class, () -> parse(Map.of("sub", new String[] {"a"}, "wait", new String[] {"-1"})));
        assertEquals(400, wait.status());
        assertTrue(wait.getMessage().contains("wait"));
    }
}
