package org.longconn.endpoint.subscription;

import org.longconn.api.OpTypes;

/** Segment splitting for the trie, and single-pattern matching (delegated to {@link OpTypes#matches}). */
final class PatternMatcher {

    private PatternMatcher() {}

    static boolean matches(String pattern, String opType) {
        return OpTypes.matches(pattern, opType);
    }

    static String[] split(String value) {
        return value.split("\\.", -1);
    }
}
