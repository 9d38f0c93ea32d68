package org.longconn.endpoint.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a request's query string, decoded as UTF-8 (RFC 3986 §2.5; what browsers and
 * every client library send), read from the query string alone. The servlet container's own
 * parameter map decodes the query with the connector's URI encoding (ISO-8859-1 on GlassFish, so
 * {@code x.é} arrived as {@code x.Ã©}), and reading it consumes a form-encoded request body,
 * which for {@code POST /poll} is the frame itself.
 */
final class QueryParameters {

    private QueryParameters() {}

    /** Name → values in their order; a name without {@code =} has the value {@code ""}. */
    static Map<String, String[]> parse(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
        return parameters;
    }

    /**
     * Percent-decoding as UTF-8 ('+' is a space, as in HTML forms). A malformed escape is kept as
     * written: the check of the value (an opType, a position) then says what is wrong with it.
     */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
