package org.longconn.api;

/**
 * The syntax of opTypes and opType patterns, shared by the gateway, publishers and clients.
 *
 * <p>An opType is one or more segments separated by {@code '.'}; a segment is made of ASCII
 * letters, digits, {@code '_'}, {@code '-'} and {@code ':'}. A pattern is an opType in which whole
 * segments may be {@code '*'} (exactly one segment) or {@code '#'} (zero or more segments) — the
 * wildcard syntax of ActiveMQ Artemis addresses, so that a broker can filter by the same
 * patterns. Patterns are accepted in subscriptions only; pushes always name an exact opType.
 */
public final class OpTypes {

    /** The segment separator. */
    public static final char SEPARATOR = '.';
    /** Pattern segment matching exactly one segment. */
    public static final String ANY_ONE = "*";
    /** Pattern segment matching zero or more segments. */
    public static final String ANY_MANY = "#";
    /** The default maximum length of an opType or pattern, in characters. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    private OpTypes() {}

    /**
     * Checks an exact opType.
     *
     * @return {@code null} when valid, otherwise a sentence saying what is wrong
     */
    public static String validateExact(String opType, int maxLength) {
        return validate(opType, maxLength, false);
    }

    /**
     * Checks an opType or pattern as used in a subscription.
     *
     * @return {@code null} when valid, otherwise a sentence saying what is wrong
     */
    public static String validatePattern(String pattern, int maxLength) {
        return validate(pattern, maxLength, true);
    }

    /**
     * Whether the (already validated) subscription string contains a wildcard segment. A valid
     * string holds {@code *} or {@code #} only as whole segments, so a character scan suffices:
     * no allocation, as it runs per subscription on user-targeted pushes.
     */
    public static boolean isPattern(String subscription) {
        return subscription.indexOf('*') >= 0 || subscription.indexOf('#') >= 0;
    }

    /**
     * Whether {@code pattern} (an exact opType or a pattern, already valid) matches the exact
     * {@code opType}: {@code *} stands for one segment, {@code #} for zero or more. Linear in the
     * product of the segment counts, whatever the number of {@code #}.
     */
    public static boolean matches(String pattern, String opType) {
        String[] patternSegments = pattern.split("\\.", -1);
        String[] opTypeSegments = opType.split("\\.", -1);
        return matches(
                patternSegments,
                0,
                opTypeSegments,
                0,
                new boolean[patternSegments.length + 1][opTypeSegments.length + 1]);
    }

    /** {@code failed[p][o]} remembers positions known not to match, so {@code #.#.#} stays polynomial. */
    private static boolean matches(String[] pattern, int p, String[] opType, int o, boolean[][] failed) {
        if (failed[p][o]) {
            return false;
        }
        boolean matched;
        if (p == pattern.length) {
            matched = o == opType.length;
        } else if (ANY_MANY.equals(pattern[p])) {
            matched = false;
            for (int skip = o; skip <= opType.length && !matched; skip++) {
                matched = matches(pattern, p + 1, opType, skip, failed);
            }
        } else {
            matched = o < opType.length
                    && (ANY_ONE.equals(pattern[p]) || pattern[p].equals(opType[o]))
                    && matches(pattern, p + 1, opType, o + 1, failed);
        }
        if (!matched) {
            failed[p][o] = true;
        }
        return matched;
    }

    private static String validate(String value, int maxLength, boolean wildcardsAllowed) {
        if (value == null || value.isEmpty()) {
            return "opType must be a non-empty string";
        }
        if (value.length() > maxLength) {
            return "opType is " + value.length() + " characters long; the limit is " + maxLength;
        }
        // Segment by segment over the string itself: it runs for every push a publisher sends.
        for (int start = 0; ; ) {
            int end = value.indexOf('.', start);
            if (end < 0) {
                end = value.length();
            }
            String problem = segmentProblem(value, start, end, wildcardsAllowed);
            if (problem != null) {
                return problem;
            }
            if (end == value.length()) {
                return null;
            }
            start = end + 1;
        }
    }

    /** What is wrong with the segment {@code value[start, end)}, or {@code null}. */
    private static String segmentProblem(String value, int start, int end, boolean wildcardsAllowed) {
        if (start == end) {
            return "opType '" + value + "' has an empty segment (leading, trailing or double '.')";
        }
        if (end - start == 1
                && (value.charAt(start) == ANY_ONE.charAt(0) || value.charAt(start) == ANY_MANY.charAt(0))) {
            return wildcardsAllowed
                    ? null
                    : "opType '" + value + "' contains a wildcard; pushes and handlers need an exact opType";
        }
        for (int i = start; i < end; i++) {
            if (!isSegmentChar(value.charAt(i))) {
                // The whole code point: half of an emoji's surrogate pair would make this message
                // unsendable. A pair never spans a '.', so the segment's end does not cut it.
                return "opType '" + value + "' contains '" + Character.toString(value.codePointAt(i))
                        + "'; allowed are letters, digits, '_', '-', ':' and '.' between segments"
                        + (wildcardsAllowed ? ", and whole segments '*' or '#'" : "");
            }
        }
        return null;
    }

    private static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == ':';
    }
}
