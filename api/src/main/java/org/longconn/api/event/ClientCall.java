package org.longconn.api.event;

/**
 * A {@code call} frame: a request from a client that expects one {@code reply}. Fired
 * synchronously with the qualifier {@link org.longconn.api.OpType @OpType(opType)}.
 *
 * <p>An observer answers with {@link #reply(Object)} or {@link #fail(String, String)}, during the
 * event or later from any thread (keep the event). Only the first answer counts; later ones
 * return {@code false}. The gateway answers for the application when nobody does:
 * <ul>
 *   <li>no observer for the opType: error {@code no_handler};
 *   <li>an observer threw: error {@code handler_error} (the session stays open);
 *   <li>no answer within the call timeout: error {@code timeout}.
 * </ul>
 */
public interface ClientCall extends ClientTraffic {

    /** The client's request id, echoed in the reply. */
    String id();

    /**
     * Answers with {@code data} serialized by JSON-B.
     *
     * @return {@code false} if the call was already answered (or timed out). {@code true} means
     *     this was the answer, not that it reached the client: a session that closed meanwhile
     *     gets nothing
     */
    boolean reply(Object data);

    /**
     * Answers with {@code json}, a JSON value embedded verbatim.
     *
     * @return {@code false} if the call was already answered (or timed out)
     */
    boolean replyJson(String json);

    /**
     * Answers with an application error.
     *
     * @param code a short machine-readable code chosen by the application, e.g. {@code "not_found"}
     * @param message a sentence for humans
     * @return {@code false} if the call was already answered (or timed out)
     */
    boolean fail(String code, String message);

    /** Whether an answer has been sent (by an observer, a timeout or the gateway). */
    boolean isAnswered();
}
