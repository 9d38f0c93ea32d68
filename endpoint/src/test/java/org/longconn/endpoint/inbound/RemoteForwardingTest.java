package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.longconn.bridge.ForwardException;
import org.longconn.bridge.InboundReply;
import org.longconn.bridge.InboundRequest;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.scheduling.GatewayScheduler;

class RemoteForwardingTest {

    private static final GatewayScheduler SCHEDULER = new GatewayScheduler(InboundFixture.config());

    private final List<InboundRequest> sent = new CopyOnWriteArrayList<>();
    private final RemoteForwarding forwarding =
            new RemoteForwarding(List.of("svc.#", "billing.*"), "n1", SCHEDULER, 60_000);
    private final InboundFixture fixture;
    private final InboundFixture.Client client;

    RemoteForwardingTest() {
        forwarding.sendThrough((request, refused) -> sent.add(request));
        GatewayConfig config = InboundFixture.config();
        fixture = new InboundFixture(config, forwarding);
        client = fixture.open("alice");
    }

    @Test
    void onlyMatchingOpTypesAreRemote() {
        assertTrue(forwarding.handles("svc"));
        assertTrue(forwarding.handles("svc.a.b"));
        assertTrue(forwarding.handles("billing.charge"));
        assertFalse(forwarding.handles("billing.a.b"));
        assertFalse(forwarding.handles("chat.send"));
    }

    @Test
    void aRemoteMessageIsForwardedWithItsSessionAndUserAndNoCdiEvent() {
        assertEquals(List.of(), client.send("{\"type\":\"message\",\"opType\":\"svc.log\",\"data\":{\"a\":1}}"));
        InboundRequest request = sent.get(0);
        assertEquals("svc.log", request.opType());
        assertEquals(client.session.id(), request.sessionId());
        assertEquals("alice", request.userId());
        assertEquals("{\"a\":1}", request.dataJson());
        assertFalse(request.isCall());
        assertTrue(fixture.events.messages.isEmpty());
    }

    @Test
    void aRemoteCallIsAnsweredByTheServicesReply() {
        assertEquals(List.of(), client.send("{\"type\":\"call\",\"id\":\"c1\",\"opType\":\"svc.get\",\"data\":7}"));
        InboundRequest request = sent.get(0);
        assertTrue(request.isCall());
        assertTrue(request.correlationId().startsWith("n1-"));
        assertEquals(1, forwarding.pendingCalls());

        forwarding.replied(new InboundReply(request.correlationId(), "{\"v\":8}", null, null));

        JsonObject reply = InboundFixture.json(client.texts().get(client.texts().size() - 1));
        assertEquals("c1", reply.getString("id"));
        assertEquals(8, reply.getJsonObject("data").getInt("v"));
        assertEquals(0, forwarding.pendingCalls());
    }

    @Test
    void anErrorReplyFailsTheCallWithTheServicesCode() {
        client.send("{\"type\":\"call\",\"id\":\"c2\",\"opType\":\"svc.get\"}");
        forwarding.replied(new InboundReply(sent.get(0).correlationId(), null, "not_found", "no such order"));
        JsonObject error = InboundFixture.json(client.texts().get(client.texts().size() - 1))
                .getJsonObject("error");
        assertEquals("not_found", error.getString("code"));
        assertEquals("no such order", error.getString("message"));
    }

    @Test
    void aBrokerThatCannotTakeTheCallIsServiceUnavailable() {
        forwarding.sendThrough((request, refused) -> {
            throw new ForwardException("not connected to the broker at tcp://10.0.0.7:61616 (reconnecting)", null);
        });
        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c3\",\"opType\":\"svc.get\"}");
        assertEquals("service_unavailable", reply.getJsonObject("error").getString("code"));
        assertFalse(reply.toString().contains("tcp://"), "the broker's address stays on the server: " + reply);
        JsonObject error = client.answer("{\"type\":\"message\",\"opType\":\"svc.log\"}");
        assertEquals("service_unavailable", error.getString("code"));
        assertNull(error.getString("id", null));
    }

    @Test
    void aLateOrUnknownReplyIsIgnored() {
        int before = client.texts().size();
        forwarding.replied(new InboundReply("n1-unknown", "1", null, null));
        assertEquals(before, client.texts().size());
    }

    @Test
    void aCallTheBrokerRefusesLaterIsServiceUnavailable() {
        forwarding.sendThrough((request, refused) -> refused.accept(new ForwardException("address full", null)));
        JsonObject reply = client.answer("{\"type\":\"call\",\"id\":\"c4\",\"opType\":\"svc.get\"}");
        assertEquals("service_unavailable", reply.getJsonObject("error").getString("code"));
        assertEquals(0, forwarding.pendingCalls());
    }
}
