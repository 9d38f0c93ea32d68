package org.longconn.endpoint.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;

class PublishRequestTest {

    @Test
    void aJsonPushToAllSubscribers() throws Exception {
        Push push = PublishRequest.parse("{\"opType\":\"order.created\",\"data\":{\"id\":42}}", 128);
        assertEquals(Push.of("order.created", new PushPayload.Json("{\"id\":42}")), push);
    }

    @Test
    void targetsAndBinaryPayloads() throws Exception {
        assertEquals(
                PushTarget.user("alice"),
                PublishRequest.parse("{\"opType\":\"a\",\"data\":null,\"user\":\"alice\"}", 128)
                        .target());
        assertEquals(
                PushTarget.session("s1"),
                PublishRequest.parse("{\"opType\":\"a\",\"data\":1,\"session\":\"s1\"}", 128)
                        .target());
        Push binary = PublishRequest.parse("{\"opType\":\"a\",\"binaryBase64\":\"AAEC/w==\"}", 128);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, ((PushPayload.Binary) binary.payload()).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "                                                          | JSON object",
                "not json                                                  | not valid JSON",
                "[1]                                                       | must be a JSON object",
                "{\"opType\":\"a\",\"data\":1} {}                          | Expected EOF",
                "{\"data\":1}                                              | missing field 'opType'",
                "{\"opType\":7,\"data\":1}                                 | 'opType' must be a non-empty string",
                "{\"opType\":\"a.*\",\"data\":1}                           | wildcard",
                "{\"opType\":\"a\"}                                        | missing field 'data'",
                "{\"opType\":\"a\",\"data\":1,\"user\":\"u\",\"session\":\"s\"} | at most one of 'user' and 'session'",
                "{\"opType\":\"a\",\"data\":1,\"binaryBase64\":\"AA==\"}   | not both",
                "{\"opType\":\"a\",\"binaryBase64\":\"%%%\"}               | not valid base64",
                "{\"opType\":\"a\",\"data\":1,\"user\":\"\"}               | 'user' must be a non-empty string",
            })
    void everyBadBodyIsRefusedWithWhatToFix(String body, String expected) {
        PublishRequest.Invalid invalid = assertThrows(
                PublishRequest.Invalid.class, () -> PublishRequest.parse(body == null ? "" : body.strip(), 128));
        assertTrue(invalid.getMessage().contains(expected.strip()), invalid.getMessage());
    }
}
