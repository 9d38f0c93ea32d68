package org.longconn.endpoint.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundHandlerTextPartsTest {

    private final InboundFixture fixture = new InboundFixture();
    private final InboundFixture.Client client = fixture.open("alice");

    private List<JsonObject> framesAfterWelcome() {
        List<String> texts = client.texts();
        return texts.subList(1, texts.size()).stream().map(InboundFixture::json).toList();
    }

    @Test
    void partsOfOneMessageAreHandledAsOneFrame() {
        fixture.handler.onTextPart(client.session, "{\"type\":\"ping\",", false);
        fixture.handler.onTextPart(client.session, "\"id\":\"7\"}", true);

        List<JsonObject> frames = framesAfterWelcome();
        assertEquals(1, frames.size());
        assertEquals("pong", frames.get(0).getString("type"));
        assertEquals("7", frames.get(0).getString("id"));
    }

    @Test
    void oversizeMessageInPartsIsAnsweredOnceWithFrameTooLarge() {
        fixture.handler.onTextPart(client.session, "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(150), false);
        fixture.handler.onTextPart(client.session, "x".repeat(150), false);
        assertEquals(1, client.texts().size());

        fixture.handler.onTextPart(client.session, "\"}", true);

        List<JsonObject> frames = framesAfterWelcome();
        assertEquals(1, frames.size());
        assertEquals("frame_too_large", frames.get(0).getString("code"));
    }

    @Test
    void sessionStaysUsableAfterAnOversizeMessage() {
        fixture.handler.onTextPart(client.session, "x".repeat(300), true);

        fixture.handler.onTextPart(client.session, "{\"type\":\"ping\",\"id\":\"after\"}", true);

        List<JsonObject> frames = framesAfterWelcome();
        assertEquals("frame_too_large", frames.get(0).getString("code"));
        assertEquals("after", frames.get(1).getString("id"));
        assertFalse(client.session.isClosing());
    }
}
