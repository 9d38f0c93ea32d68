package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void valuesAreDecodedAsUtf8InTheirOrder() {
        Map<String, String[]> parameters = QueryParameters.parse("sub=x.%C3%A9&sub=chat.%F0%9F%98%80&wait=10");

        assertArrayEquals(new String[] {"x.é", "chat.😀"}, parameters.get("sub"));
        assertArrayEquals(new String[] {"10"}, parameters.get("wait"));
        assertEquals(List.of("sub", "wait"), List.copyOf(parameters.keySet()));
    }

    @Test
    void plusIsASpaceANameAloneIsEmptyAndEmptyPairsAreSkipped() {
        Map<String, String[]> parameters = QueryParameters.parse("token=a+b&&flag&=x");

        assertArrayEquals(new String[] {"a b"}, parameters.get("token"));
        assertArrayEquals(new String[] {""}, parameters.get("flag"));
        assertArrayEquals(new String[] {"x"}, parameters.get(""));
    }

    @Test
    void aMalformedEscapeIsKeptAsWritten() {
        assertArrayEquals(new String[] {"50%"}, QueryParameters.parse("sub=50%").get("sub"));
        assertArrayEquals(new String[] {"%zz"}, QueryParameters.parse("sub=%zz").get("sub"));
    }

    @Test
    void noQueryIsNoParameters() {
        assertTrue(QueryParameters.parse(null).isEmpty());
        assertTrue(QueryParameters.parse("").isEmpty());
    }
}
