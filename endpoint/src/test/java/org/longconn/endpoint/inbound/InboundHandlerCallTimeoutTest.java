package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.ClientCall;
import org.longconn.endpoint.lifecycle.GatewayScheduler;

class InboundHandlerCallTimeoutTest {

    private static GatewayScheduler scheduler;
    private static Jsonb jsonb;

    @BeforeAll
    static void start() {
        scheduler = new GatewayScheduler(InboundFixture.config());
        jsonb = JsonbBuilder.create();
    }

    @AfterAll
    static void stop() throws Exception {
        InboundFixture.shutdown(scheduler);
        jsonb.close();
    }

    @Test
    void callNotAnsweredWithinTheTimeoutIsAnsweredTimeoutOnce() throws InterruptedException {
        InboundFixture fixture = new InboundFixture(InboundFixture.config(1_000, 3, 20), scheduler, jsonb);
        AtomicReference<ClientCall> kept = new AtomicReference<>();
        fixture.events.onCall("slow.op", kept::set);
        InboundFixture.Client client = fixture.open("alice");

        client.send("{\"type\":\"call\",\"id\":\"c1\",\"opType\":\"slow.op\"}");
        List<Object> frames = client.transport.awaitFrames(2, 10_000);

        JsonObject reply = InboundFixture.json((String) frames.get(1));
        assertEquals("c1", reply.getString("id"));
        assertEquals("timeout", reply.getJsonObject("error").getString("code"));
        assertFalse(kept.get().reply("too late"));
        assertEquals(2, client.texts().size());
    }
}
