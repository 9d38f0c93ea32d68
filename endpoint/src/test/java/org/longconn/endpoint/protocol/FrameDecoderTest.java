package org.longconn.endpoint.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void subscribeCarriesIdAndOpTypesInOrder() throws FrameException {
        InboundFrame frame =
                decoder.decode("{\"type\":\"subscribe\",\"id\":\"1\",\"opTypes\":[\"a.b\",\"order.*\",\"x.#\"]}");

        assertEquals(new InboundFrame.Subscribe("1", List.of("a.b", "order.*", "x.#")), frame);
    }

    @Test
    void unsubscribeCarriesIdAndOpTypes() throws FrameException {
        InboundFrame frame = decoder.decode("{\"type\":\"unsubscribe\",\"id\":\"2\",\"opTypes\":[\"a.b\"]}");

        assertEquals(new InboundFrame.Unsubscribe("2", List.of("a.b")), frame);
    }

    @Test
    void pingWithAndWithoutId() throws FrameException {
        assertEquals(new InboundFrame.Ping("p1"), decoder.decode("{\"type\":\"ping\",\"id\":\"p1\"}"));
        assertEquals(new InboundFrame.Ping(null), decoder.decode("{\"type\":\"ping\"}"));
        assertEquals(new InboundFrame.Ping(null), decoder.decode("{\"type\":\"ping\",\"id\":null}"));
    }

    @Test
    void messageCarriesOpTypeAndDataAsJsonText() throws FrameException {
        InboundFrame frame = decoder.decode(
                "{\"type\":\"message\",\"opType\":\"chat.send\",\"data\":{\"text\":\"hi\",\"n\":[1,2]}}");

        InboundFrame.Message message = assertInstanceOf(InboundFrame.Message.class, frame);
        assertEquals("chat.send", message.opType());
        assertEquals("{\"text\":\"hi\",\"n\":[1,2]}", message.dataJson());
    }

    @Test
    void callCarriesIdOpTypeAndData() throws FrameException {
        InboundFrame frame = decoder.decode("{\"type\":\"call\",\"id\":\"7\",\"opType\":\"user.get\",\"data\":42}");

        assertEquals(new InboundFrame.Call("7", "user.get", "42"), frame);
    }

    @Test
    void absentDataDecodesAsJsonNull() throws FrameException {
        assertEquals(
                new InboundFrame.Message("a.b", "null"), decoder.decode("{\"type\":\"message\",\"opType\":\"a.b\"}"));
        assertEquals(
                new InboundFrame.Call("1", "a.b", "null"),
                decoder.decode("{\"type\":\"call\",\"id\":\"1\",\"opType\":\"a.b\"}"));
        assertEquals(
                new InboundFrame.Message("a.b", "null"),
                decoder.decode("{\"type\":\"message\",\"opType\":\"a.b\",\"data\":null}"));
    }

    @Test
    void stringDataKeepsItsJsonQuoting() throws FrameException {
        InboundFrame.Message message = (InboundFrame.Message)
                decoder.decode("{\"type\":\"message\",\"opType\":\"a.b\",\"data\":\"say \\\"hi\\\"\"}");

        assertEquals("\"say \\\"hi\\\"\"", message.dataJson());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ping", "PING", "Ping", "heartbeat", "HeartBeat", "  ping  ", "\theartbeat\n", " HEARTBEAT\r\n"})
    void bareHeartbeatIsCaseInsensitiveAndIgnoresSurroundingWhitespace(String text) throws FrameException {
        assertInstanceOf(InboundFrame.BareHeartbeat.class, decoder.decode(text));
    }

    @Test
    void surroundingWhitespaceAroundJsonIsAccepted() throws FrameException {
        assertEquals(new InboundFrame.Ping("1"), decoder.decode("  \n{\"type\":\"ping\",\"id\":\"1\"}\n "));
    }
}
