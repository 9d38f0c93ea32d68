package org.longconn.endpoint.subscription;

import org.longconn.api.OpTypes;

/** Matches one pattern against one opType, segment by segment, with Artemis wildcard rules. */
final class PatternMatcher {

    private PatternMatcher() {}

    static boolean matches(String pattern, String opType) {
        return matches(split(pattern), 0, split(opType), 0);
    }

    static String[] split(String value) {
        return value.split("\\.", -1);
    }

    private static boolean matches(String[] pattern, int p, String[] opType, int o) {
        if (p == pattern.length) {
            return o == opType.length;
        }
        String segment = pattern[p];
        if (OpTypes.ANY_MANY.equals(segment)) {
            for (int skip = o; skip <= opType.length; skip++) {
                if (matches(pattern, p + 1, opType, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (o == opType.length) {
            return false;
        }
        return (OpTypes.ANY_ONE.equals(segment) || segment.equals(opType[o])) && matches(pattern, p + 1, opType, o + 1);
    }
}
