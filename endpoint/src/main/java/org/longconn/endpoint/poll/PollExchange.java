package org.longconn.endpoint.poll;

/** The HTTP request behind a poll, as the poll service needs it. */
public interface PollExchange {

    /** Writes the answer with {@code status} and the JSON {@code body}, and ends the request. Called once. */
    void answer(int status, String body);

    /** Runs {@code task} soon on a thread of the container, never on the caller's. */
    void runLater(Runnable task);
}
