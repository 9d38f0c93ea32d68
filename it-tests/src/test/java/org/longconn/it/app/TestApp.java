package org.longconn.it.app;

import jakarta.enterprise.concurrent.ManageableThread;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.longconn.api.OpType;
import org.longconn.api.event.ClientCall;
import org.longconn.api.event.ClientMessage;
import org.longconn.api.event.HandshakeRequest;
import org.longconn.api.event.PollRequest;
import org.longconn.api.event.RefreshRequest;
import org.longconn.api.event.SubscriptionRequest;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.Pusher;
import org.longconn.api.session.Disconnect;
import org.longconn.api.session.SessionControl;

/**
 * The application the integration tests deploy beside the gateway: ordinary CDI observers using
 * only the public API, driven by the tests through client calls.
 */
@ApplicationScoped
public class TestApp {

    @Inject
    Pusher pusher;

    @Inject
    SessionControl sessions;

    @Inject
    SessionLog log;

    @Inject
    RequestStamp stamp;

    /** {"opType","data", optional "user" | "session" | "binaryBase64"}: one push. */
    void push(@Observes @OpType("test.push") ClientCall call) {
        JsonObject request = json(call.dataJson());
        pushOne(request);
        call.reply(Map.of("ok", true));
    }

    /** {"opType","count","size"}: count pushes of about size bytes each, in a tight loop. */
    void flood(@Observes @OpType("test.flood") ClientCall call) {
        JsonObject request = json(call.dataJson());
        String filler = "x".repeat(request.getInt("size"));
        int count = request.getInt("count");
        for (int i = 0; i < count; i++) {
            pusher.push(request.getString("opType"), Map.of("seq", i, "filler", filler));
        }
        call.reply(Map.of("pushed", count));
    }

    /** Replies with the request-scoped stamp, twice read: the same within one event. */
    void scope(@Observes @OpType("test.scope") ClientCall call) {
        call.reply(Map.of("first", stamp.value(), "second", stamp.value()));
    }

    void echo(@Observes @OpType("test.echo") ClientCall call) {
        call.replyJson(call.dataJson());
    }

    void boom(@Observes @OpType("test.boom") ClientCall call) {
        throw new IllegalStateException("boom");
    }

    void fail(@Observes @OpType("test.fail") ClientCall call) {
        call.fail("not_found", "no such thing");
    }

    /** Never answers: the gateway must time the call out. */
    void silent(@Observes @OpType("test.silent") ClientCall call) {
        log.note("silent call " + call.id());
    }

    /** {"user", "opType", "subscribe"}: a server-made subscription of the user, on every node; answers the sessions reached. */
    void subscribeUser(@Observes @OpType("test.subscribeUser") ClientCall call) {
        JsonObject request = json(call.dataJson());
        String user = request.getString("user");
        String opType = request.getString("opType");
        (request.getBoolean("subscribe", true)
                        ? sessions.subscribeUser(user, opType)
                        : sessions.unsubscribeUser(user, opType))
                .thenAccept(outcome -> call.reply(Map.of("sessions", outcome.total())));
    }

    /** {"session" | "user", "code", "reason"}: a server-side disconnect. */
    void disconnect(@Observes @OpType("test.disconnect") ClientCall call) {
        JsonObject request = json(call.dataJson());
        int code = request.getInt("code");
        Disconnect disconnect = code < 4500
                ? Disconnect.reconnect(code, request.getString("reason"))
                : Disconnect.stop(code, request.getString("reason"));
        int count = request.containsKey("user")
                ? sessions.disconnectUser(request.getString("user"), disconnect)
                : sessions.disconnect(request.getString("session"), disconnect) ? 1 : 0;
        call.reply(Map.of("disconnected", count));
    }

    /** {"session"}: how the session closed, or null while it is open. */
    void closed(@Observes @OpType("test.closed") ClientCall call) {
        call.reply(log.closeOf(json(call.dataJson()).getString("session")));
    }

    /**
     * How many long-polls this node holds open, so tests know a poll waits. It is the gateway's
     * internal bean, found by name: the tests compile against the public API only.
     */
    void waitingPolls(@Observes @OpType("test.waitingPolls") ClientCall call) throws ReflectiveOperationException {
        Class<?> type = Class.forName(
                "org.longconn.endpoint.fanout.WaitingPolls",
                true,
                Thread.currentThread().getContextClassLoader());
        Object bean = CDI.current().select(type).get();
        call.reply(Map.of("waiting", type.getMethod("size").invoke(bean)));
    }

    /** A binary call: answers its payload's length and first byte ({@code null} when empty). */
    void bytes(@Observes @OpType("test.bytes") ClientCall call) {
        byte[] bytes = call.bytes();
        if (bytes == null) {
            call.fail("not_binary", "send test.bytes as a binary call");
            return;
        }
        Map<String, Object> answer = new HashMap<>();
        answer.put("length", bytes.length);
        answer.put("first", bytes.length == 0 ? null : bytes[0] & 0xFF);
        call.reply(answer);
    }

    /** A binary message: its payload is pushed back to all subscribers of {@code test.echoBytes}, as a binary push. */
    void echoBytes(@Observes @OpType("test.echoBytes") ClientMessage message) {
        if (message.isBinary()) {
            pusher.push(Push.of("test.echoBytes", new PushPayload.Binary(message.bytes())));
        }
    }

    /**
     * The gateway's timer and closer threads, each with whether it is a managed thread of the
     * container (Jakarta Concurrency's {@code ManageableThread}).
     */
    void threads(@Observes @OpType("test.threads") ClientCall call) {
        Map<String, Boolean> managed = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("longconn-timer")
                    || thread.getName().startsWith("longconn-closer")) {
                managed.put(thread.getName(), thread instanceof ManageableThread);
            }
        }
        call.reply(managed);
    }

    /** A poll for {@code poll.hello} is answered with a push to the polling user (or to all when anonymous). */
    void hello(@Observes @OpType("poll.hello") PollRequest poll) {
        Map<String, Object> data = Map.of(
                "hello", poll.userId() == null ? "anonymous" : poll.userId(), "resumed", poll.position() != null);
        if (poll.userId() != null) {
            pusher.pushToUser(poll.userId(), "poll.hello", data);
        } else {
            pusher.push("poll.hello", data);
        }
    }

    /** A chat message is pushed to everyone in the room, with the sender. */
    void chat(@Observes @OpType("chat.send") ClientMessage message) {
        JsonObject line = json(message.dataJson());
        pusher.push("chat.room", Map.of("from", message.sessionId(), "text", line.getString("text")));
    }

    void denySecrets(@Observes SubscriptionRequest request) {
        if (request.opType().startsWith("secret.") && !"admin".equals(request.userId())) {
            request.deny("secret opTypes are for admins");
        }
    }

    /** ?token=user:NAME authenticates as NAME; token=bad is 401; token=banned is 403. */
    void handshake(@Observes HandshakeRequest handshake) {
        String token = handshake.queryParameter("token");
        if (token == null) {
            token = handshake.header("X-Token");
        }
        if (token == null) {
            return;
        }
        if (token.equals("bad")) {
            handshake.reject(401, "bad token");
        } else if (token.equals("banned")) {
            handshake.reject(403, "banned");
        } else if (token.startsWith("user:")) {
            handshake.authenticate(token.substring(5));
        } else if (token.startsWith("subs:")) {
            // subs:<user>:<opType>[,<opType>...]: the session starts with those subscriptions.
            String[] parts = token.split(":");
            handshake.authenticate(parts[1]);
            for (String opType : parts[2].split(",")) {
                handshake.subscribe(opType);
            }
        } else if (token.startsWith("exp:")) {
            ExpiringToken expiring = ExpiringToken.parse(token);
            handshake.authenticate(expiring.user());
            handshake.expiresAt(expiring.expiry());
        }
    }

    /** Accepts a new {@code exp:<user>:<ms>} token of the same user; refuses anything else. */
    void refresh(@Observes RefreshRequest refresh) {
        ExpiringToken expiring = ExpiringToken.parse(refresh.token());
        if (expiring != null && expiring.user().equals(refresh.userId())) {
            refresh.accept(expiring.expiry());
        } else {
            refresh.refuse("bad token");
        }
    }

    /** The tests' expiring credential: {@code exp:<user>:<ms>}, valid for {@code ms} from now (may be negative). */
    private record ExpiringToken(String user, Instant expiry) {
        static ExpiringToken parse(String token) {
            String[] parts = token.split(":");
            if (parts.length != 3 || !parts[0].equals("exp")) {
                return null;
            }
            return new ExpiringToken(parts[1], Instant.now().plusMillis(Long.parseLong(parts[2])));
        }
    }

    private void pushOne(JsonObject request) {
        String opType = request.getString("opType");
        if (request.containsKey("binaryBase64")) {
            byte[] bytes = Base64.getDecoder().decode(request.getString("binaryBase64"));
            pusher.push(Push.of(opType, new PushPayload.Binary(bytes)));
        } else if (request.containsKey("user")) {
            pusher.push(Push.toUser(
                    request.getString("user"),
                    opType,
                    new PushPayload.Json(request.get("data").toString())));
        } else if (request.containsKey("session")) {
            pusher.push(Push.toSession(
                    request.getString("session"),
                    opType,
                    new PushPayload.Json(request.get("data").toString())));
        } else {
            pusher.push(Push.of(opType, new PushPayload.Json(request.get("data").toString())));
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
