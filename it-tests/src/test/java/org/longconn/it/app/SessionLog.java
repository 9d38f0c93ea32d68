package org.longconn.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.api.push.Pusher;

/** Remembers how sessions closed, so tests can ask the server what it saw. */
@ApplicationScoped
public class SessionLog {

    private static final Logger LOG = Logger.getLogger(SessionLog.class.getName());

    private final Map<String, Map<String, Object>> closes = new ConcurrentHashMap<>();

    void opened(@Observes SessionOpened opened) {
        LOG.fine(() -> "opened " + opened);
    }

    @Inject
    Pusher pusher;

    /** Records the close and announces it on {@code test.session.closed}, so tests can wait for it. */
    void closed(@Observes SessionClosed closed) {
        closes.put(closed.sessionId(), Map.of("code", closed.code(), "reason", closed.reason()));
        pusher.push(
                "test.session.closed",
                Map.of("session", closed.sessionId(), "code", closed.code(), "reason", closed.reason()));
    }

    /** Public: a package-private method called through the CDI proxy would run on the proxy's own state. */
    public Map<String, Object> closeOf(String sessionId) {
        return closes.get(sessionId);
    }

    public void note(String text) {
        LOG.fine(text);
    }
}
