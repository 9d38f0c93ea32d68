package org.longconn.endpoint.subscription;

import org.longconn.api.OpTypes;

/** Matches one pattern against one opType, segment by segment, with Artemis wildcard rules. */
final class PatternMatcher {

    private PatternMatcher() {}

    static boolean matches(String pattern, String opType) {
        String[] patternSegments = split(pattern);
        String[] opTypeSegments = split(opType);
        return matches(patternSegments, 0, opTypeSegments, 0,
                new boolean[patternSegments.length + 1][opTypeSegments.length + 1]);
    }

    static String[] split(String value) {
        return value.split("\\.", -1);
    }

    /** {@code failed[p][o]} remembers positions known not to match, so {@code #.#.#} stays polynomial. */
    private static boolean matches(String[] pattern, int p, String[] opType, int o, boolean[][] failed) {
        if (failed[p][o]) {
            return false;
        }
        boolean matched = matchesFrom(pattern, p, opType, o, failed);
        if (!matched) {
            failed[p][o] = true;
        }
        return matched;
    }

    private static boolean matchesFrom(String[] pattern, int p, String[] opType, int o, boolean[][] failed) {
        if (p == pattern.length) {
            return o == opType.length;
        }
        String segment = pattern[p];
        if (OpTypes.ANY_MANY.equals(segment)) {
            for (int skip = o; skip <= opType.length; skip++) {
                if (matches(pattern, p + 1, opType, skip, failed)) {
                    return true;
                }
            }
            return false;
        }
        if (o == opType.length) {
            return false;
        }
        return (OpTypes.ANY_ONE.equals(segment) || segment.equals(opType[o]))
                && matches(pattern, p + 1, opType, o + 1, failed);
    }
}
