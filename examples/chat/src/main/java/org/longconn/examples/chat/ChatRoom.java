package org.longconn.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.longconn.api.OpType;
import org.longconn.api.event.ClientCall;
import org.longconn.api.event.ClientMessage;
import org.longconn.api.push.Pusher;

/**
 * The chat: a client sends {@code chat.send} with {@code {"text":...}}; everyone subscribed to
 * {@code chat.room} gets {@code {"from":user,"text":...}}; {@code chat.history} answers the last
 * lines.
 */
@ApplicationScoped
public class ChatRoom {

    private static final int HISTORY = 50;

    @Inject
    Pusher pusher;

    private final Deque<Line> history = new ArrayDeque<>();

    /** A chat line as clients send it and receive it. */
    public record Line(String from, String text) {}

    /** What a client sends. */
    public static class Outgoing {
        public String text;
    }

    void send(@Observes @OpType("chat.send") ClientMessage message) {
        Outgoing outgoing = message.data(Outgoing.class);
        if (outgoing == null || outgoing.text == null || outgoing.text.isBlank()) {
            return;
        }
        Line line = new Line(message.userId() != null ? message.userId() : "anonymous", outgoing.text.strip());
        synchronized (history) {
            history.addLast(line);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        pusher.push("chat.room", line);
    }

    void history(@Observes @OpType("chat.history") ClientCall call) {
        List<Line> lines;
        synchronized (history) {
            lines = List.copyOf(history);
        }
        call.reply(lines);
    }
}
