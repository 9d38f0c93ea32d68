package org.longconn.endpoint.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.longconn.api.bus.Position;
import org.longconn.api.event.PollRequest;
import org.longconn.api.event.SubscriptionRequest;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;
import org.longconn.endpoint.bus.InMemoryBus;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.config.PollConfig;
import org.longconn.endpoint.config.PresenceConfig;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.fanout.PushRouter;
import org.longconn.endpoint.fanout.WaitingPolls;
import org.longconn.endpoint.inbound.EventDispatcher;
import org.longconn.endpoint.inbound.SubscriptionService;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.presence.ClusterPresence;
import org.longconn.endpoint.presence.RecordedPresenceEvents;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.DefaultSubscriptionIndex;

class PollServiceTest {

    private static final GatewayConfig CONFIG = GatewayConfig.defaults();
    private static final GatewayScheduler SCHEDULER = new GatewayScheduler(CONFIG);

    private final ExecutorService container = Executors.newSingleThreadExecutor();
    private final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
    private final WaitingPolls waiting = new WaitingPolls(2);
    private final DeliveryOrder order = new DeliveryOrder(HistoryConfig.defaults(), waiting);
    private final PushRouter router = new PushRouter(index, new SessionRegistry(), order);
    private final Events events = new Events();
    private final PollService service = new PollService(
            CONFIG,
            new PollConfig(25_000, 2, 3),
            new SubscriptionService(
                    index,
                    events,
                    CONFIG,
                    order,
                    GatewayMetrics.off(),
                    new ClusterPresence(
                            new InMemoryBus(),
                            "solo",
                            CONFIG,
                            PresenceConfig.defaults(),
                            SCHEDULER,
                            new RecordedPresenceEvents())),
            events,
            order,
            SCHEDULER);
    private long seq;

    @AfterEach
    void stopContainer() {
        container.shutdownNow();
    }

    /** The application's observers: deny one opType, run a hook on polls. */
    private static final class Events extends EventDispatcher {
        final List<PollRequest> polls = new CopyOnWriteArrayList<>();
        volatile Consumer<PollRequest> onPoll = poll -> {};

        @Override
        public void subscription(SubscriptionRequest request) {
            if (request.opType().equals("secret")) {
                request.deny("not for you");
            }
        }

        @Override
        public void poll(PollRequest request) {
            polls.add(request);
            onPoll.accept(request);
        }
    }

    /** An HTTP request as the service sees it: answers are collected, later work runs on a "container" thread. */
    private final class Exchange implements PollExchange {
        final CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        volatile int status;
        volatile int answers;

        @Override
        public void answer(int status, String body) {
            this.status = status;
            answers++;
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                answer.complete(reader.readObject());
            }
        }

        @Override
        public void runLater(Runnable task) {
            container.execute(task);
        }

        JsonObject await() throws Exception {
            return answer.get(10, TimeUnit.SECONDS);
        }
    }

    private Position push(String opType) {
        return push(opType, PushTarget.subscribers());
    }

    private Position push(String opType, PushTarget target) {
        Position position = new Position("ep", ++seq);
        router.route(new Push(opType, target, new PushPayload.Json("{\"n\":" + seq + "}")), 0, position);
        return position;
    }

    private Exchange poll(String user, long waitMs, String... subs) throws PollException {
        Exchange exchange = new Exchange();
        Poll poll = Poll.parse(Map.of(Poll.SUB, subs, Poll.WAIT, new String[] {Long.toString(waitMs)}), 25_000, 100);
        service.poll(poll, user, exchange);
        return exchange;
    }

    private static List<Long> pushNumbers(JsonObject answer) {
        return answer.getJsonArray("pushes").getValuesAs(JsonObject.class).stream()
                .map(push -> (long) push.getJsonObject("data").getInt("n"))
                .toList();
    }

    private static JsonObject result(JsonObject answer, int i) {
        return answer.getJsonArray("results").getJsonObject(i);
    }

    @Test
    void aFirstPollIsAnsweredAtOnceWithWhereToPollFrom() throws Exception {
        push("chat.room1");
        JsonObject answer = poll(null, 25_000, "chat.room1").await();
        assertEquals("poll", answer.getString("type"));
        assertEquals(List.of(), pushNumbers(answer), "a first poll starts now; it replays nothing");
        assertEquals("ep-1", result(answer, 0).getString("position"));
        assertFalse(result(answer, 0).containsKey("recovered"));
    }

    @Test
    void missedPushesAreAnsweredAtOnceInOrderAndInPages() throws Exception {
        push("chat.room1");
        push("chat.room2");
        push("chat.room1");
        push("chat.room1");
        push("chat.room1");
        JsonObject first = poll(null, 25_000, "chat.*@ep-1").await();
        assertEquals(List.of(2L, 3L, 4L), pushNumbers(first), "3 pushes per answer");
        assertTrue(first.getBoolean("more"));
        assertTrue(result(first, 0).getBoolean("recovered"));
        assertEquals("ep-4", result(first, 0).getString("position"));

        JsonObject rest = poll(null, 25_000, "chat.*@ep-4").await();
        assertEquals(List.of(5L), pushNumbers(rest));
        assertFalse(rest.getBoolean("more"));
        assertEquals("ep-5", result(rest, 0).getString("position"));
    }

    @Test
    void aLongPollWaitsAndIsAnsweredByTheNextPushItNeeds() throws Exception {
        push("chat.room1");
        Exchange exchange = poll(null, 25_000, "chat.room1@ep-1");
        assertFalse(exchange.answer.isDone(), "nothing new: the poll waits");
        assertEquals(1, waiting.size());

        push("other.thing");
        assertEquals(1, waiting.size(), "a push it does not match leaves it waiting");
        push("chat.room1");

        JsonObject answer = exchange.await();
        assertEquals(List.of(3L), pushNumbers(answer));
        assertEquals("ep-3", result(answer, 0).getString("position"));
        assertEquals(0, waiting.size());
        assertEquals(1, exchange.answers);
    }

    @Test
    void aLongPollThatGetsNothingIsAnsweredWhenItsWaitEndsWithItsPositionMovedOn() throws Exception {
        push("chat.room1");
        Exchange exchange = poll(null, 50, "chat.room1@ep-1");
        push("other.thing");
        JsonObject answer = exchange.await();
        assertEquals(List.of(), pushNumbers(answer));
        assertTrue(result(answer, 0).getBoolean("recovered"));
        assertEquals("ep-2", result(answer, 0).getString("position"), "nothing for it up to the node's position");
        assertEquals(0, waiting.size());
    }

    @Test
    void aPositionTheNodeCannotVouchForIsAnsweredRecoveredFalseAtOnce() throws Exception {
        push("chat.room1");
        JsonObject answer =
                poll(null, 25_000, "chat.room1@otherepoch-7", "chat.room2@ep-1").await();
        assertFalse(result(answer, 0).getBoolean("recovered"));
        assertEquals("ep-1", result(answer, 0).getString("position"), "start again from now");
        assertTrue(result(answer, 1).getBoolean("recovered"));
    }

    @Test
    void beforeAnyPushAPollFromTheNodesOwnPositionWaitsAndIsNoNews() throws Exception {
        JsonObject first = poll(null, 0, "chat.room1").await();
        assertEquals("none-0", result(first, 0).getString("position"));

        JsonObject later = poll(null, 50, "chat.room1@none-0").await();
        assertEquals("none-0", result(later, 0).getString("position"));
        assertFalse(result(later, 0).containsKey("recovered"), "neither recovered nor lost: nothing happened yet");

        Exchange waitingOne = poll(null, 25_000, "chat.room1@none-0");
        push("chat.room1");
        JsonObject answer = waitingOne.await();
        assertEquals(List.of(1L), pushNumbers(answer), "this node saw the epoch from its first push");
        assertTrue(result(answer, 0).getBoolean("recovered"));
    }

    @Test
    void deniedAndInvalidOpTypesFailAloneAndPollEventsFireForTheRest() throws Exception {
        JsonObject answer =
                poll("alice", 0, "secret", "bad..type", "chat.room1").await();
        assertEquals("subscription_denied", result(answer, 0).getString("code"));
        assertEquals("invalid_op_type", result(answer, 1).getString("code"));
        assertTrue(result(answer, 2).getBoolean("ok"));
        assertEquals(1, events.polls.size());
        PollRequest event = events.polls.get(0);
        assertEquals("chat.room1", event.opType());
        assertEquals("alice", event.userId());
        assertEquals(null, event.position());
    }

    @Test
    void anObserverCanPushInAnswerToAPoll() throws Exception {
        push("inbox.count");
        events.onPoll = poll -> push("inbox.count", PushTarget.user(poll.userId()));
        JsonObject answer = poll("alice", 25_000, "inbox.count@ep-1").await();
        assertEquals(List.of(2L), pushNumbers(answer));
    }

    @Test
    void userPushesReachOnlyThatUsersPolls() throws Exception {
        push("inbox.count");
        Exchange bob = poll("bob", 25_000, "inbox.count@ep-1");
        Exchange alice = poll("alice", 25_000, "inbox.count@ep-1");
        push("inbox.count", PushTarget.user("alice"));
        assertEquals(List.of(2L), pushNumbers(alice.await()));
        assertFalse(bob.answer.isDone());
        assertEquals(1, waiting.size());
    }

    @Test
    void aNodeHoldsABoundedNumberOfWaitingPollsAndAnswersTheRest503() throws Exception {
        push("a");
        poll(null, 25_000, "a@ep-1");
        poll(null, 25_000, "a@ep-1");
        Exchange third = poll(null, 25_000, "a@ep-1");
        assertEquals("too_many_polls", third.await().getString("code"));
        assertEquals(503, third.status);
    }

    @Test
    void aPollWhoseClientLeftStopsWaiting() throws Exception {
        push("a");
        Exchange exchange = new Exchange();
        PendingPoll pending =
                service.poll(Poll.parse(Map.of(Poll.SUB, new String[] {"a@ep-1"}), 25_000, 100), null, exchange);
        assertEquals(1, waiting.size());
        pending.gone();
        assertEquals(0, waiting.size());
        push("a");
        assertFalse(exchange.answer.isDone());
    }
}
