package org.longconn.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.longconn.api.event.HandshakeRequest;
import org.longconn.api.event.SubscriptionRequest;

/**
 * Who may connect: {@code ?name=NAME} (letters and digits, at most 20) becomes the user; anything
 * else is refused with 401 before the WebSocket opens. A real application checks a token here.
 * Only {@code chat.*} opTypes may be subscribed.
 */
@ApplicationScoped
public class ChatLogin {

    void login(@Observes HandshakeRequest handshake) {
        String name = handshake.queryParameter("name");
        if (name == null || !name.matches("[A-Za-z0-9]{1,20}")) {
            handshake.reject(401, "connect with ?name=<letters and digits, at most 20>");
        } else {
            handshake.authenticate(name);
        }
    }

    void onlyChat(@Observes SubscriptionRequest request) {
        if (!request.opType().equals("chat.room")) {
            request.deny("this chat serves chat.room only");
        }
    }
}
