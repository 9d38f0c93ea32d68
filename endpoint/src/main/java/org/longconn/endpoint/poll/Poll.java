package org.longconn.endpoint.poll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longconn.endpoint.protocol.ErrorCode;

/**
 * One poll as the client asked it: {@code GET /poll?sub=<opType>[@<position>]&...&wait=<ms>}.
 *
 * @param subscriptions the polled opTypes and patterns, in the order given, each once
 * @param waitMs how long to wait for a push when there is nothing to answer yet; 0 answers at once
 */
public record Poll(List<Subscription> subscriptions, long waitMs) {

    /** The query parameter naming one opType or pattern, with an optional {@code @position}. */
    public static final String SUB = "sub";
    /** The query parameter with the longest wait, in milliseconds. */
    public static final String WAIT = "wait";

    /**
     * One polled opType or pattern (not yet validated) and the position the client continues from.
     *
     * @param position {@code null} on the client's first poll for it
     */
    public record Subscription(String opType, String position) {}

    /**
     * Reads a poll from its query parameters. An opType that is not valid is not refused here: it
     * gets its own failed result, like in a {@code subscribe}.
     *
     * @param maxWaitMs the longest wait; a longer one asked is shortened to it, and it is the default
     * @throws PollException when there is no {@code sub}, too many, or {@code wait} is not a number of milliseconds
     */
    public static Poll parse(Map<String, String[]> query, long maxWaitMs, int maxSubscriptions) throws PollException {
        String[] subs = query.getOrDefault(SUB, new String[0]);
        if (subs.length == 0) {
            throw new PollException(
                    ErrorCode.BAD_REQUEST,
                    400,
                    "name at least one opType to poll: ?sub=<opType> or ?sub=<opType>@<position>");
        }
        if (subs.length > maxSubscriptions) {
            throw new PollException(
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    400,
                    "a poll may name " + maxSubscriptions + " opTypes, this one names " + subs.length);
        }
        Map<String, Subscription> byOpType = new LinkedHashMap<>();
        for (String sub : subs) {
            int at = sub.indexOf('@');
            String opType = at < 0 ? sub : sub.substring(0, at);
            String position = at < 0 ? null : sub.substring(at + 1);
            byOpType.putIfAbsent(opType, new Subscription(opType, position));
        }
        return new Poll(List.copyOf(new ArrayList<>(byOpType.values())), waitMs(query.get(WAIT), maxWaitMs));
    }

    private static long waitMs(String[] values, long maxWaitMs) throws PollException {
        if (values == null || values.length == 0) {
            return maxWaitMs;
        }
        try {
            long wait = Long.parseLong(values[0].trim());
            if (wait >= 0) {
                return Math.min(wait, maxWaitMs);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new PollException(
                ErrorCode.BAD_REQUEST,
                400,
                "wait must be a number of milliseconds from 0 to " + maxWaitMs + ", got '" + values[0] + "'");
    }
}
