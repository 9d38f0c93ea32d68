package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watching presence (PROTOCOL.md §18) through the client's API, against a {@link FakeGateway}. */
class PresenceTest {

    private static final String ROOM = "chat.room1";
    private static final String SNAPSHOT = "{'type':'presence','opType':'chat.room1','users':2,'sessions':3,"
            + "'complete':true,'members':[{'user':'alice','sessions':2},{'user':'bob','sessions':1}]}";

    private final FakeGateway gateway = new FakeGateway();
    private final LongConnClient client = LongConnClient.builder(URI.create("ws://gateway.test/longconn/ws"))
            .httpClient(gateway)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
            .build();
    private final List<PresenceView> views = new ArrayList<>();
    private final Consumer<PresenceView> watcher = views::add;
    private final List<ReceivedPush> pushes = new ArrayList<>();
    private final Consumer<ReceivedPush> listener = pushes::add;
    private FakeGateway.Session session;

    @BeforeEach
    void connect() throws InterruptedException {
        CompletableFuture<Void> connected = client.connect();
        session = gateway.next();
        session.welcome();
        connected.join();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static String subscribe(String id, String opTypes, String extra) {
        return "{'type':'subscribe','id':'" + id + "','opTypes':[" + opTypes + "]" + extra + "}";
    }

    private static String answer(String id, String result) {
        return "{'type':'subscribed','id':'" + id + "','results':[" + result + "]}";
    }

    private static String push(String opType, String position) {
        return "{'type':'push','opType':'" + opType + "','ts':1,'data':{},'pos':'" + position + "'}";
    }

    private static String failureCode(CompletableFuture<Void> future) {
        CompletionException thrown = assertThrows(CompletionException.class, future::join);
        return assertInstanceOf(SubscriptionFailedException.class, thrown.getCause())
                .code();
    }

    /** Watches ROOM and answers it, with its snapshot. */
    private void watched() {
        CompletableFuture<Void> answered = client.watchPresence(ROOM, watcher);
        session.receive(answer(session.last().getString("id"), "{'opType':'chat.room1','ok':true,'presence':true}"));
        answered.join();
        session.receive(SNAPSHOT);
    }

    @Test
    void theSnapshotIsTheViewAndEachJoinAndLeaveIsAppliedToIt() {
        CompletableFuture<Void> answered = client.watchPresence(ROOM, watcher);
        assertEquals(List.of(subscribe("s1", "'chat.room1'", ",'presence':['chat.room1']")), session.sent());
        assertFalse(answered.isDone());

        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'position':'e1-4','presence':true}"));
        assertTrue(answered.isDone() && !answered.isCompletedExceptionally());
        session.receive(SNAPSHOT);
        session.receive("{'type':'join','opType':'chat.room1','user':'carol','sessions':1}");
        session.receive("{'type':'leave','opType':'chat.room1','user':'bob'}");

        PresenceChange snapshot = new PresenceChange(PresenceChange.Kind.SNAPSHOT, null);
        assertEquals(
                List.of(
                        new PresenceView(ROOM, Map.of("alice", 2, "bob", 1), 2, 3, true, snapshot),
                        new PresenceView(
                                ROOM,
                                Map.of("alice", 2, "bob", 1, "carol", 1),
                                3,
                                4,
                                true,
                                new PresenceChange(PresenceChange.Kind.JOIN, "carol")),
                        new PresenceView(
                                ROOM,
                                Map.of("alice", 2, "carol", 1),
                                2,
                                3,
                                true,
                                new PresenceChange(PresenceChange.Kind.LEAVE, "bob"))),
                views);
        assertEquals(Optional.of(views.get(2)), client.presence(ROOM));
        assertEquals(
                List.of("alice", "carol"), List.copyOf(views.get(2).members().keySet()), "by user id");
        assertThrows(
                UnsupportedOperationException.class,
                () -> views.get(2).members().put("eve", 1));
    }

    @Test
    void aLeaveOfAMemberAnIncompleteSnapshotLeftOutLowersTheUsersOnlyAndNoCountGoesBelowZero() {
        client.watchPresence(ROOM, watcher);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'presence':true}"));
        session.receive("{'type':'presence','opType':'chat.room1','users':1001,'sessions':1500,'complete':false,"
                + "'members':[{'user':'alice','sessions':2}]}");
        session.receive("{'type':'leave','opType':'chat.room1','user':'zed'}");
        assertEquals(
                List.of(1001, 1000), views.stream().map(PresenceView::users).toList());
        assertEquals(1500, views.get(1).sessions(), "zed's count is unknown");
        assertFalse(views.get(1).complete());

        session.receive(
                "{'type':'presence','opType':'chat.room1','users':0,'sessions':0,'complete':true,'members':[]}");
        session.receive("{'type':'leave','opType':'chat.room1','user':'alice'}");
        assertEquals(
                new PresenceView(ROOM, Map.of(), 0, 0, true, new PresenceChange(PresenceChange.Kind.LEAVE, "alice")),
                views.get(3));
    }

    @Test
    void watchingAnOpTypeWithListenersAsksPresenceWithoutPositionsAndARefusalLeavesItsPushesAlone() {
        client.registerListener(ROOM, listener);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'position':'e1-4'}"));
        session.receive(push(ROOM, "e1-5"));

        CompletableFuture<Void> answered = client.watchPresence(ROOM, watcher);
        assertEquals(
                subscribe("s2", "'chat.room1'", ",'presence':['chat.room1']"),
                session.sent().get(1));
        session.receive(
                answer("s2", "{'opType':'chat.room1','ok':false,'code':'subscription_denied','message':'no peeking'}"));

        assertEquals("subscription_denied", failureCode(answered));
        session.receive(SNAPSHOT);
        session.receive(push(ROOM, "e1-6"));
        assertEquals(List.of(), views, "no watch");
        assertEquals(2, pushes.size(), "the subscription stays as it was");
        assertEquals(2, session.sent().size(), "nothing unsubscribed");
    }

    @Test
    void theResubscribeAfterAReconnectAsksPresenceAgainAndItsSnapshotReplacesTheView() throws Exception {
        client.registerListener("order.#", listener);
        session.receive(answer("s1", "{'opType':'order.#','ok':true,'position':'e1-4'}"));
        watched();
        session.receive(push("chat.room1", "e1-9")); // watched only: nobody listens, no resume from it

        ClientFaults.dropConnection(client);
        FakeGateway.Session again = gateway.next();
        again.welcome();

        assertEquals(
                List.of(subscribe(
                        "s3", "'order.#','chat.room1'", ",'positions':{'order.#':'e1-4'},'presence':['chat.room1']")),
                again.sent());
        assertEquals(Optional.of(views.get(0)), client.presence(ROOM), "the last view until the new snapshot");

        again.receive(answer(
                "s3",
                "{'opType':'order.#','ok':true,'position':'e1-9','recovered':true},"
                        + "{'opType':'chat.room1','ok':true,'position':'e1-9','presence':true}"));
        again.receive("{'type':'presence','opType':'chat.room1','users':1,'sessions':1,'complete':true,"
                + "'members':[{'user':'carol','sessions':1}]}");

        assertEquals(2, views.size());
        assertEquals(Map.of("carol", 1), views.get(1).members());
        assertEquals(PresenceChange.Kind.SNAPSHOT, views.get(1).change().kind());
        assertEquals(Optional.of(views.get(1)), client.presence(ROOM));
    }

    @Test
    void aWatchRefusedOnTheResubscribeAfterAReconnectEndsButItsListenersSubscribeAgainWithoutPresence()
            throws Exception {
        client.registerListener(ROOM, listener);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'position':'e1-4'}"));
        watched();

        ClientFaults.dropConnection(client);
        FakeGateway.Session again = gateway.next();
        again.welcome();
        again.receive(answer(
                "s3", "{'opType':'chat.room1','ok':false,'code':'subscription_denied','message':'left the room'}"));

        assertEquals(
                subscribe("s4", "'chat.room1'", ",'positions':{'chat.room1':'e1-4'}"),
                again.sent().get(1));
        assertEquals(Optional.empty(), client.presence(ROOM));
        again.receive(answer("s4", "{'opType':'chat.room1','ok':true,'position':'e1-4','recovered':true}"));
        again.receive(push(ROOM, "e1-5"));
        again.receive(SNAPSHOT);
        assertEquals(1, pushes.size());
        assertEquals(1, views.size(), "only the first session's snapshot");
    }

    @Test
    void aRefusedWatchFailsWithTheServersCodeAndLeavesNothingSubscribed() {
        CompletableFuture<Void> answered = client.watchPresence(ROOM, watcher);
        session.receive(
                answer("s1", "{'opType':'chat.room1','ok':false,'code':'too_many_subscriptions','message':'cap'}"));

        assertEquals("too_many_subscriptions", failureCode(answered));
        session.receive(SNAPSHOT);
        assertEquals(List.of(), views);
        assertEquals(Optional.empty(), client.presence(ROOM));
        assertEquals(1, session.sent().size(), "not subscribed: nothing to unsubscribe");
    }

    @Test
    void aGatewayThatSubscribesWithoutPresenceFailsTheWatchAndIsUnsubscribed() {
        CompletableFuture<Void> answered = client.watchPresence(ROOM, watcher);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'position':'e1-4'}"));

        assertEquals(Presences.UNAVAILABLE, failureCode(answered));
        assertEquals(
                "{'type':'unsubscribe','id':'s2','opTypes':['chat.room1']}",
                session.sent().get(1));
    }

    @Test
    void unwatchingStopsTheDeliveryAndTheLastWatcherUnsubscribes() {
        List<PresenceView> other = new ArrayList<>();
        Consumer<PresenceView> second = other::add;
        watched();
        client.watchPresence(ROOM, second);
        session.receive(answer("s2", "{'opType':'chat.room1','ok':true,'presence':true}"));
        session.receive(SNAPSHOT);
        assertEquals(2, views.size(), "each watchPresence asks again: a fresh snapshot to every watcher");

        client.unwatchPresence(ROOM, watcher);
        session.receive("{'type':'join','opType':'chat.room1','user':'carol','sessions':1}");
        assertEquals(2, views.size());
        assertEquals(2, other.size());
        assertEquals(2, session.sent().size(), "a watcher remains");

        client.unwatchPresence(ROOM, second);
        assertEquals(
                "{'type':'unsubscribe','id':'s3','opTypes':['chat.room1']}",
                session.sent().get(2));
        assertEquals(Optional.empty(), client.presence(ROOM));
        session.receive("{'type':'leave','opType':'chat.room1','user':'carol'}");
        assertEquals(2, other.size());
    }

    @Test
    void theLastWatcherOfAnOpTypeWithListenersDoesNotUnsubscribeItNorTheLastListenerOfAWatchedOne() {
        client.registerListener(ROOM, listener);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'position':'e1-4'}"));
        watched();

        client.unwatchPresence(ROOM, watcher);
        assertEquals(2, session.sent().size(), "its listener keeps it");
        session.receive("{'type':'join','opType':'chat.room1','user':'carol','sessions':1}");
        assertEquals(1, views.size(), "its presence frames are ignored");

        watched();
        client.removeListener(ROOM, listener);
        assertEquals(3, session.sent().size(), "its watcher keeps it");
        client.unwatchPresence(ROOM, watcher);
        assertEquals(
                "{'type':'unsubscribe','id':'s4','opTypes':['chat.room1']}",
                session.sent().get(3));
    }

    @Test
    void aListenerOfAWatchedOpTypeSendsNoSubscribeAndWaitsForTheWatchsAnswer() {
        client.watchPresence(ROOM, watcher);
        CompletableFuture<Void> registered = client.registerListener(ROOM, listener);
        assertFalse(registered.isDone());
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'position':'e1-4','presence':true}"));
        assertTrue(registered.isDone() && !registered.isCompletedExceptionally());

        assertTrue(client.registerListener(ROOM, push -> {}).isDone());
        session.receive(push(ROOM, "e1-5"));
        assertEquals(1, pushes.size());
        assertEquals(1, session.sent().size());
    }

    @Test
    void aPatternIsRefusedLocally() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> client.watchPresence("chat.*", watcher));
        assertTrue(refused.getMessage().contains("presence is for exact opTypes"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.watchPresence("chat.#", watcher));
        assertThrows(IllegalArgumentException.class, () -> client.watchPresence("chat..x", watcher));
        assertEquals(List.of(), session.sent());
    }

    @Test
    void framesOfOpTypesNotWatchedAreIgnored() {
        client.watchPresence(ROOM, watcher);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'presence':true}"));
        session.receive("{'type':'join','opType':'chat.room1','user':'carol','sessions':1}"); // before its snapshot
        session.receive(SNAPSHOT.replace("room1", "room2"));
        session.receive("{'type':'join','opType':'chat.room2','user':'carol','sessions':1}");
        session.receive("{'type':'leave','opType':'chat.room2','user':'bob'}");

        assertEquals(List.of(), views);
        assertEquals(Optional.empty(), client.presence("chat.room2"));
    }

    @Test
    void aWatcherThatThrowsDoesNotKeepTheOthersFromTheirViews() {
        List<PresenceView> other = new ArrayList<>();
        client.watchPresence(ROOM, view -> {
            throw new IllegalStateException("a broken watcher");
        });
        client.watchPresence(ROOM, other::add);
        session.receive(answer("s1", "{'opType':'chat.room1','ok':true,'presence':true}"));
        session.receive(answer("s2", "{'opType':'chat.room1','ok':true,'presence':true}"));

        session.receive(SNAPSHOT);
        session.receive("{'type':'join','opType':'chat.room1','user':'carol','sessions':1}");

        assertEquals(
                List.of(PresenceChange.Kind.SNAPSHOT, PresenceChange.Kind.JOIN),
                other.stream().map(view -> view.change().kind()).toList());
    }

    @Test
    void aWatchMadeBeforeConnectingIsAskedInTheFirstSubscribe() throws Exception {
        try (LongConnClient later = LongConnClient.builder(URI.create("ws://gateway.test/longconn/ws"))
                .httpClient(gateway)
                .build()) {
            CompletableFuture<Void> answered = later.watchPresence(ROOM, watcher);
            later.connect();
            FakeGateway.Session opened = gateway.next();
            opened.welcome();

            assertEquals(List.of(subscribe("s1", "'chat.room1'", ",'presence':['chat.room1']")), opened.sent());
            opened.receive(answer("s1", "{'opType':'chat.room1','ok':true,'presence':true}"));
            assertTrue(answered.isDone() && !answered.isCompletedExceptionally());
        }
    }
}
