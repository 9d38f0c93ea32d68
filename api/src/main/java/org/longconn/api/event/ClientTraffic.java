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

    /** The {@code data} member as JSON text ({@code "null"} when absent). */
    String dataJson();

    /**
     * The {@code data} member bound with JSON-B.
     *
     * @throws jakarta.json.bind.JsonbException if it does not fit {@code type}
     */
    <T> T data(Class<T> type);
}
