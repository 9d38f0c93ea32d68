package org.longconn.endpoint.protocol;

/** Writes JSON string literals; frames are assembled as text so that payloads embed verbatim. */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /**
     * Appends {@code value} as a quoted, escaped JSON string (RFC 8259 section 7). Half of a
     * surrogate pair is written as its {@code \\uXXXX} escape: as a raw character it has no UTF-8
     * form, and a frame holding one could not be sent at all.
     */
    static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        escape(out, c);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c)
                                && i + 1 < length
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(c).append(value.charAt(++i));
                        } else {
                            escape(out, c);
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * {@code json} (valid JSON text) with every lone surrogate replaced by its {@code \\uXXXX}
     * escape, which denotes the same JSON value. In valid JSON a lone surrogate can only stand inside
     * a string, where the escape is allowed; it reaches us from JSON-P or JSON-B, which write a
     * {@code "\\ud83d"} they parsed (or a Java string holding half a pair) back as a raw character.
     * Returns {@code json} itself, without copying, when it has none: the common case costs one scan.
     */
    static String escapeLoneSurrogates(String json) {
        int length = json.length();
        int first = firstLoneSurrogate(json, 0);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(length + 8).append(json, 0, first);
        int from = first;
        while (from >= 0) {
            escape(out, json.charAt(from));
            int next = firstLoneSurrogate(json, from + 1);
            out.append(json, from + 1, next < 0 ? length : next);
            from = next;
        }
        return out.toString();
    }

    /** The index of the first surrogate at or after {@code from} that is not half of a pair, or -1. */
    private static int firstLoneSurrogate(String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void escape(StringBuilder out, char c) {
        out.append("\\u")
                .append(HEX[c >> 12 & 0xF])
                .append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    /** Appends {@code value} quoted, or {@code null} when it is null. */
    static StringBuilder quoteOrNull(StringBuilder out, String value) {
        return value == null ? out.append("null") : quote(out, value);
    }
}
