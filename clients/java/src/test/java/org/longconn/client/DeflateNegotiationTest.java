package org.longconn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the client makes of the server's answer to its permessage-deflate offer (RFC 7692). */
class DeflateNegotiationTest {

    private static String refusal(String... answer) {
        return assertThrows(DeflateNegotiation.Refused.class, () -> DeflateNegotiation.answer(List.of(answer)))
                .getMessage();
    }

    @Test
    void noExtensionAnsweredIsNoCompression() throws Exception {
        assertNull(DeflateNegotiation.answer(List.of()));
        assertNull(DeflateNegotiation.answer(List.of(" ")));
    }

    @Test
    void theGatewaysAnswerAndTheOtherParametersItMayGiveAreHonoured() throws Exception {
        assertEquals(
                new DeflateNegotiation.Agreed(true), DeflateNegotiation.answer(List.of(DeflatingWebSocketTest.AGREED)));
        assertEquals(new DeflateNegotiation.Agreed(false), DeflateNegotiation.answer(List.of("permessage-deflate")));
        assertEquals(
                new DeflateNegotiation.Agreed(false),
                DeflateNegotiation.answer(
                        List.of("Permessage-Deflate; server_max_window_bits=10; client_max_window_bits=\"15\"")));
    }

    @Test
    void whatCannotBeHonouredIsRefusedWithItsReason() {
        assertTrue(refusal("permessage-deflate; client_max_window_bits=9").contains("not supported"));
        assertTrue(refusal("x-webkit-deflate-frame").contains("not offered"));
        assertTrue(refusal("permessage-deflate", "permessage-deflate").contains("more than one"));
        assertTrue(refusal("permessage-deflate; mystery").contains("unknown parameter"));
        assertTrue(refusal("permessage-deflate; server_no_context_takeover=1").contains("a value"));
        assertTrue(refusal("permessage-deflate; server_max_window_bits=16").contains("8 to 15"));
        assertTrue(refusal("permessage-deflate; client_max_window_bits").contains("8 to 15"));
        assertTrue(refusal("permessage-deflate; client_no_context_takeover; client_no_context_takeover")
                .contains("twice"));
    }
}
