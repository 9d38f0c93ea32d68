package org.longconn.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.longconn.api.OpType;
import org.longconn.api.event.ClientCall;
import org.longconn.api.event.PresenceJoined;
import org.longconn.api.event.PresenceLeft;
import org.longconn.api.presence.Presence;

/**
 * Who is in the room, across every node: the {@code chat.members} call answers the members of
 * {@code chat.room} (user → sessions) from the gateway's {@link Presence}; joins and leaves are
 * logged. (Clients that want them live subscribe with {@code "presence":["chat.room"]}.)
 */
@ApplicationScoped
public class ChatMembers {

    private static final Logger LOG = Logger.getLogger(ChatMembers.class.getName());

    @Inject
    Presence presence;

    void members(@Observes @OpType("chat.members") ClientCall call) {
        call.reply(presence.members("chat.room"));
    }

    // Every node sees every change: each logs it once.
    void joined(@Observes PresenceJoined joined) {
        LOG.info(() -> "chat: " + joined.userId() + " joined " + joined.opType());
    }

    void left(@Observes PresenceLeft left) {
        LOG.info(() -> "chat: " + left.userId() + " left " + left.opType());
    }
}
