package org.longconn.endpoint.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.DefaultSubscriptionIndex;

class WaitingPollsTest {

    private static final PushPayload DATA = new PushPayload.Json("1");

    private final WaitingPolls polls = new WaitingPolls(2);
    private final PushRouter router = new PushRouter(
            new DefaultSubscriptionIndex(), new SessionRegistry(), new DeliveryOrder(HistoryConfig.defaults(), polls));
    private long seq;

    private record CountingWaiter(String id, String user, List<String> subscriptions, AtomicInteger wakes)
            implements WaitingPolls.Waiter {
        CountingWaiter(String id, String user, String... subscriptions) {
            this(id, user, List.of(subscriptions), new AtomicInteger());
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }
    }

    private void route(String opType, PushTarget target) {
        router.route(new Push(opType, target, DATA), 0, new Position("e", ++seq));
    }

    @Test
    void aPushWakesThePollsItMatchesOnceAndOnlyThem() {
        CountingWaiter pattern = new CountingWaiter("p1", null, "orders.*");
        CountingWaiter other = new CountingWaiter("p2", null, "chat.room1");
        assertTrue(polls.add(pattern));
        assertTrue(polls.add(other));

        route("orders.created", PushTarget.subscribers());
        route("orders.paid", PushTarget.subscribers());

        assertEquals(1, pattern.wakes().get(), "woken once, then no longer waiting");
        assertEquals(0, other.wakes().get());
        assertEquals(1, polls.size());
        assertFalse(polls.remove(pattern), "a woken poll is gone already");
    }

    @Test
    void userPushesWakeOnlyThatUsersPollsAndSessionPushesNone() {
        CountingWaiter alice = new CountingWaiter("a", "alice", "inbox.#");
        CountingWaiter anonymous = new CountingWaiter("n", null, "inbox.#");
        polls.add(alice);
        polls.add(anonymous);

        route("inbox.new", PushTarget.session("some-session"));
        route("inbox.new", PushTarget.user("bob"));
        assertEquals(0, alice.wakes().get());
        assertEquals(0, anonymous.wakes().get());

        route("inbox.new", PushTarget.user("alice"));
        assertEquals(1, alice.wakes().get());
        assertEquals(0, anonymous.wakes().get());
    }

    @Test
    void theNumberOfWaitingPollsIsBounded() {
        assertTrue(polls.add(new CountingWaiter("1", null, "a")));
        assertTrue(polls.add(new CountingWaiter("2", null, "a")));
        assertFalse(polls.add(new CountingWaiter("3", null, "a")), "over the maximum of 2");
        CountingWaiter first = new CountingWaiter("1", null, "a");
        assertTrue(polls.remove(first));
        assertTrue(polls.add(new CountingWaiter("3", null, "a")), "room again after one left");
    }
}
