package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.longconn.api.event.ClientCall;

class InboundHandlerCallTimeoutTest {

    @Test
    void callNotAnsweredWithinTheTimeoutIsAnsweredTimeoutOnce() throws InterruptedException {
        InboundFixture fixture = new InboundFixture(InboundFixture.config(1_000, 3, 20));
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
