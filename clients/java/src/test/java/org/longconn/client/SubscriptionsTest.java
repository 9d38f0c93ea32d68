package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the client holds of the server-made subscriptions (PROTOCOL.md §17), without a server. */
class SubscriptionsTest {

    private static final System.Logger LOG = System.getLogger(SubscriptionsTest.class.getName());

    /** What the app was told, in order: "recovery failed <opType>" or the server's report. */
    private final List<Object> told = new ArrayList<>();

    private final List<List<String>> subscribedAgain = new ArrayList<>();
    private final Subscriptions subscriptions =
            new Subscriptions(opType -> told.add("recovery failed " + opType), told::add);
    private final List<ReceivedPush> received = new ArrayList<>();
    private final Consumer<ReceivedPush> listener = received::add;

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static ReceivedPush push(String opType, String position) {
        return new ReceivedPush(opType, 1L, "{}", null, position);
    }

    /** Handles a frame as the client does, running what it hands back (as the client does after its lock). */
    private void receive(String frame) {
        JsonObject parsed = json(frame);
        List<Runnable> outcomes = switch (parsed.getString("type")) {
            case "subscribed" -> subscriptions.subscribed(parsed, LOG);
            case "unsubscribed" -> subscriptions.unsubscribed(parsed, subscribedAgain::add);
            default -> subscriptions.gap(parsed);
        };
        outcomes.forEach(Runnable::run);
    }

    private void deliver(ReceivedPush push) {
        subscriptions.pushed(push).forEach(l -> l.accept(push));
    }

    @Test
    void aServerMadeSubscriptionIsHeldWithItsPositionAndResubscribedAfterAReconnect() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");

        assertEquals(List.of(new ServerSubscription("inbox.erin", true, true, null, null)), told);
        assertEquals(List.of("inbox.erin"), subscriptions.opTypes());
        assertEquals(Map.of("inbox.erin", "e1-5"), subscriptions.resumeFrom(subscriptions.opTypes()));
    }

    @Test
    void theResubscribeAfterAReconnectNamesTheClientsOwnAndTheServerMadeOnesOnce() {
        subscriptions.register("news", listener);
        subscriptions.register("inbox.erin", listener);
        receive("{'type':'subscribed','server':true,'results':["
                + "{'opType':'inbox.erin','ok':true,'position':'e1-5'},{'opType':'alerts.erin','ok':true}]}");

        assertEquals(List.of("news", "inbox.erin", "alerts.erin"), subscriptions.opTypes());
    }

    @Test
    void pushesOfAServerMadeSubscriptionMoveItsPositionButReachNoListenerUntilOneIsRegistered() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'alerts.#','ok':true,'position':'e1-5'}]}");

        deliver(push("alerts.erin.new", "e1-6"));
        assertEquals(List.of(), received, "nobody registered for it");
        assertEquals(Map.of("alerts.#", "e1-6"), subscriptions.resumeFrom(List.of("alerts.#")));

        subscriptions.register("alerts.#", listener);
        deliver(push("alerts.erin.new", "e1-7"));
        assertEquals(
                List.of("e1-7"), received.stream().map(ReceivedPush::position).toList());
        assertEquals(Map.of("alerts.#", "e1-7"), subscriptions.resumeFrom(List.of("alerts.#")));
    }

    @Test
    void registeringAListenerForAServerMadeSubscriptionSendsNoSubscribeAndCompletesAtOnce() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");

        Subscriptions.Registered first = subscriptions.register("inbox.erin", listener);
        Subscriptions.Registered second = subscriptions.register("inbox.erin", push -> {});

        assertFalse(first.subscribe());
        assertTrue(first.answered().isDone() && !first.answered().isCompletedExceptionally());
        assertFalse(second.subscribe());
        assertTrue(second.answered().isDone());
    }

    @Test
    void removingTheListenersOfAServerMadeSubscriptionDoesNotUnsubscribeIt() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");
        subscriptions.register("inbox.erin", listener);
        subscriptions.register("inbox.erin", push -> {});

        assertFalse(subscriptions.remove("inbox.erin", listener));
        assertFalse(subscriptions.removeAll("inbox.erin"), "no unsubscribe: the server made it");
        assertEquals(List.of("inbox.erin"), subscriptions.opTypes());
        assertEquals(Map.of("inbox.erin", "e1-5"), subscriptions.resumeFrom(List.of("inbox.erin")));
    }

    @Test
    void aServerMadeSubscriptionTheServerCouldNotMakeIsReportedAndNotHeld() {
        receive("{'type':'subscribed','server':true,'results':["
                + "{'opType':'secret.plans','ok':false,'code':'subscription_denied','message':'no'}]}");

        assertEquals(List.of(new ServerSubscription("secret.plans", true, false, "subscription_denied", "no")), told);
        assertEquals(List.of(), subscriptions.opTypes());
    }

    @Test
    void aRefusedServerMadeSubscriptionLeavesTheClientsOwnSubscriptionOfItAlone() {
        Subscriptions.Registered own = subscriptions.register("secret.plans", listener);

        receive("{'type':'subscribed','server':true,'results':["
                + "{'opType':'secret.plans','ok':false,'code':'too_many_subscriptions','message':'cap'}]}");
        assertFalse(own.answered().isDone(), "its own answer is still to come");
        assertEquals(List.of("secret.plans"), subscriptions.opTypes());

        receive("{'type':'subscribed','id':'s1','results':[{'opType':'secret.plans','ok':true,'position':'e1-2'}]}");
        assertTrue(own.answered().isDone() && !own.answered().isCompletedExceptionally());
    }

    @Test
    void aServerMadeSubscriptionNotRecoveredFromTheSessionsOpenIsReportedAfterTheServersReport() {
        receive("{'type':'subscribed','server':true,'results':["
                + "{'opType':'inbox.erin','ok':true,'position':'e2-1','recovered':false}]}");

        assertEquals(
                List.of(new ServerSubscription("inbox.erin", true, true, null, null), "recovery failed inbox.erin"),
                told);
        assertEquals(Map.of("inbox.erin", "e2-1"), subscriptions.resumeFrom(List.of("inbox.erin")));
    }

    @Test
    void aRecoveredServerMadeSubscriptionWithoutAPositionTakesTheServersUntilItsReplayMovesIt() {
        receive("{'type':'subscribed','server':true,'results':["
                + "{'opType':'inbox.erin','ok':true,'position':'e1-9','recovered':true}]}");
        assertEquals(Map.of("inbox.erin", "e1-9"), subscriptions.resumeFrom(List.of("inbox.erin")));

        deliver(push("inbox.erin", "e1-7"));
        assertEquals(Map.of("inbox.erin", "e1-7"), subscriptions.resumeFrom(List.of("inbox.erin")));
    }

    @Test
    void aGapMovesAServerMadeSubscriptionsPositionAndIsReported() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");
        told.clear();

        receive("{'type':'gap','opTypes':['inbox.erin'],'position':'e1-40'}");

        assertEquals(List.of("recovery failed inbox.erin"), told);
        assertEquals(Map.of("inbox.erin", "e1-40"), subscriptions.resumeFrom(List.of("inbox.erin")));
    }

    @Test
    void aServerMadeSubscriptionTheServerTakesBackIsDroppedWithItsPosition() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");
        told.clear();

        receive("{'type':'unsubscribed','server':true,'results':[{'opType':'inbox.erin','ok':true}]}");

        assertEquals(List.of(new ServerSubscription("inbox.erin", false, true, null, null)), told);
        assertEquals(List.of(), subscriptions.opTypes());
        assertEquals(Map.of(), subscriptions.resumeFrom(List.of("inbox.erin")));
        assertEquals(List.of(), subscribedAgain);
    }

    @Test
    void aServerMadeSubscriptionTakenBackThatTheAppListensToIsSubscribedAgainAsTheClientsOwn() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");
        subscriptions.register("inbox.erin", listener);
        deliver(push("inbox.erin", "e1-6"));

        receive("{'type':'unsubscribed','server':true,'results':[{'opType':'inbox.erin','ok':true}]}");

        assertEquals(List.of(List.of("inbox.erin")), subscribedAgain);
        assertEquals(Map.of("inbox.erin", "e1-6"), subscriptions.resumeFrom(List.of("inbox.erin")), "resumed");
        assertEquals(List.of("inbox.erin"), subscriptions.opTypes());
        assertTrue(
                subscriptions.remove("inbox.erin", listener), "now the client's own: its last listener unsubscribes");
    }

    @Test
    void theAnswerToTheClientsOwnUnsubscribeChangesNothing() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");
        told.clear();

        receive("{'type':'unsubscribed','id':'s3','results':[{'opType':'inbox.erin','ok':true}]}");

        assertEquals(List.of(), told);
        assertEquals(List.of("inbox.erin"), subscriptions.opTypes());
    }

    @Test
    void aServerMadeSubscriptionRefusedWhenResubscribedAfterAReconnectIsDropped() {
        receive("{'type':'subscribed','server':true,'results':[{'opType':'inbox.erin','ok':true,'position':'e1-5'}]}");

        receive("{'type':'subscribed','id':'s1','results':["
                + "{'opType':'inbox.erin','ok':false,'code':'subscription_denied','message':'gone'}]}");

        assertEquals(List.of(), subscriptions.opTypes());
        assertEquals(Map.of(), subscriptions.resumeFrom(List.of("inbox.erin")));
    }
}
