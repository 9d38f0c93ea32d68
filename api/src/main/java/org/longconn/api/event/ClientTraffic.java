package org.longconn.api.event;

/**
 * What every client {@link ClientMessage message} and {@link ClientCall call} carries. Observe
 * this type to see both kinds; observe the subtypes to see one.
 */
public interface ClientTraffic {

    /** The sending session's id. */
    String sessionId();

    /** The sending session's user, or {@code null} when anonymous. */
    String userId();

    /** The exact opType. */
    String opType();

    /**
     * The {@code data} member as JSON text ({@code "null"} when absent, and for a {@link
     * #isBinary() binary} frame, whose payload is in {@link #bytes()}).
     */
    String dataJson();

    /**
     * Whether the client sent this as a binary frame (PROTOCOL.md §3.7): its payload is raw
     * bytes, in {@link #bytes()}, instead of JSON {@code data}.
     */
    default boolean isBinary() {
        return bytes() != null;
    }

    /** The payload of a binary frame (a copy of its own for each call), or {@code null} for a JSON frame. */
    default byte[] bytes() {
        return null;
    }

    /**
     * The {@code data} member bound with JSON-B ({@code null} for a binary frame).
     *
     * @throws jakarta.json.bind.JsonbException if it does not fit {@code type}
     */
    <T> T data(Class<T> type);
}
