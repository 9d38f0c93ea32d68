package org.longconn.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The client's side of negotiating permessage-deflate (RFC 7692 §5, §7.1): the offer it makes, and
 * what it makes of the server's {@code Sec-WebSocket-Extensions} answer. Compression is on only when
 * the server answered permessage-deflate; an answer the client cannot honour fails the handshake
 * (RFC 6455 §4.1 asks the client to fail it), with the reason: an extension it did not offer, more
 * than one, a parameter it does not know or that comes twice, or a window for the client's
 * compressor below 15 bits ({@code java.util.zip}'s Deflater always uses 15).
 */
final class DeflateNegotiation {

    /** The offer: permessage-deflate, and a server may ask for a smaller client window. */
    static final String OFFER = "permessage-deflate; client_max_window_bits";

    /** What was agreed: whether the server starts each message it sends from a fresh state. */
    record Agreed(boolean serverNoContextTakeover) {}

    /** The server's answer cannot be honoured: the handshake fails with this message. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private DeflateNegotiation() {}

    /**
     * What the server's answer (every {@code Sec-WebSocket-Extensions} header value) agrees.
     *
     * @return {@code null} when the server answered no extension: no compression
     * @throws Refused when the client cannot honour the answer
     */
    static Agreed answer(List<String> values) throws Refused {
        List<String> extensions = new ArrayList<>();
        for (String value : values) {
            for (String extension : value.split(",")) {
                if (!extension.isBlank()) {
                    extensions.add(extension.trim());
                }
            }
        }
        if (extensions.isEmpty()) {
            return null;
        }
        if (extensions.size() > 1) {
            throw new Refused("the server answered more than one extension: " + String.join(", ", extensions));
        }
        String[] parts = extensions.get(0).split(";");
        String name = parts[0].trim();
        if (!name.equalsIgnoreCase("permessage-deflate")) {
            throw new Refused("the server answered the extension '" + name + "', which was not offered");
        }
        boolean serverNoContextTakeover = false;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            String key = (equals < 0 ? parameter : parameter.substring(0, equals))
                    .trim()
                    .toLowerCase(Locale.ROOT);
            String value =
                    equals < 0 ? null : unquote(parameter.substring(equals + 1).trim());
            if (!seen.add(key)) {
                throw new Refused("the server's permessage-deflate answer names " + key + " twice");
            }
            switch (key) {
                case "server_no_context_takeover" -> {
                    noValue(key, value);
                    serverNoContextTakeover = true;
                }
                case "client_no_context_takeover" -> noValue(key, value); // each message is on its own anyway
                case "server_max_window_bits" -> windowBits(key, value); // any window inflates with 15 bits
                case "client_max_window_bits" -> {
                    int bits = windowBits(key, value);
                    if (bits < 15) {
                        throw new Refused("the server asks the client to compress with a window of " + bits
                                + " bits (client_max_window_bits=" + bits + "); this client's compressor"
                                + " (java.util.zip) only uses 15: not supported");
                    }
                }
                default ->
                    throw new Refused("the server's permessage-deflate answer has the unknown parameter " + parameter
                            + "; only the RFC 7692 ones can be honoured");
            }
        }
        return new Agreed(serverNoContextTakeover);
    }

    private static void noValue(String key, String value) throws Refused {
        if (value != null) {
            throw new Refused("the server's permessage-deflate answer gives " + key + " a value: " + value);
        }
    }

    private static int windowBits(String key, String value) throws Refused {
        if (value == null || !value.matches("[0-9]{1,2}")) {
            throw new Refused("the server's permessage-deflate answer needs " + key + " to be 8 to 15, not " + value);
        }
        int bits = Integer.parseInt(value);
        if (bits < 8 || bits > 15) {
            throw new Refused("the server's permessage-deflate answer needs " + key + " to be 8 to 15, not " + bits);
        }
        return bits;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
