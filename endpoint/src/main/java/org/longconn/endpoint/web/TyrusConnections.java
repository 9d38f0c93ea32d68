package org.longconn.endpoint.web;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.tyrus.core.TyrusWebSocket;

/**
 * Reaches, under a Tyrus WebSocket on GlassFish, the Grizzly connection that carries it, so that
 * a session whose peer stopped reading can be dropped at once. Neither Jakarta WebSocket nor Tyrus
 * offers that: a close queues its close frame behind the bytes the peer does not read and then
 * waits for them for ever (Tyrus's close and the servlet connection's close are both graceful).
 * Only Grizzly's {@code Connection.terminateSilently()} closes the socket and fails what is queued.
 *
 * <p>The way there is private fields (TyrusWebSocket → ProtocolHandler → the servlet writer → the
 * upgrade handler, behind Tyrus's proxy of it → the servlet WebConnection → its request → Grizzly's request → the
 * connection), read while the session is open and before its first close: after that the request
 * object is recycled for other connections. Where the path does not exist, sessions are closed
 * the portable way, and the log says so once.
 */
final class TyrusConnections {

    private static final Logger LOG = Logger.getLogger(TyrusConnections.class.getName());
    private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();
    private static final Map<String, Method> METHODS = new ConcurrentHashMap<>();
    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static final String[] PATH = {"protocolHandler", "writer", "tyrusHttpUpgradeHandler", "wc", "request"};

    /** A Grizzly connection that can be dropped. */
    static final class Connection {
        private final Object grizzly;
        private final Method terminate;

        private Connection(Object grizzly, Method terminate) {
            this.grizzly = grizzly;
            this.terminate = terminate;
        }

        /** The {@code org.glassfish.grizzly.Connection} itself. */
        Object grizzly() {
            return grizzly;
        }

        /** Closes the socket now; queued writes fail. Harmless on a connection already closed. */
        void terminate() {
            try {
                terminate.invoke(grizzly);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "terminating " + grizzly + " failed", e);
            }
        }
    }

    private TyrusConnections() {}

    /**
     * The connection under {@code socket}, or {@code null} (with the reason logged at FINE) when
     * this container does not have the expected structure.
     */
    static Connection of(TyrusWebSocket socket) {
        return resolve(socket, false);
    }

    /**
     * The connection under {@code socket}, or {@code null}, without a word in the log: for a
     * session that may still be opening, whose servlet connection is not set yet.
     */
    static Connection quietlyOf(TyrusWebSocket socket) {
        return resolve(socket, true);
    }

    private static Connection resolve(TyrusWebSocket socket, boolean quiet) {
        try {
            Object at = socket;
            for (String name : PATH) {
                if ("wc".equals(name)) {
                    at = unproxied(at);
                }
                at = read(at, name);
                if (at == null) {
                    if (!quiet) {
                        unavailable("'" + name + "' is null", null);
                    }
                    return null;
                }
            }
            Object grizzlyRequest = call(at, "getGrizzlyRequest");
            Object connection = call(grizzlyRequest, "getConnection");
            Class<?> api = Class.forName(
                    "org.glassfish.grizzly.Connection",
                    false,
                    connection.getClass().getClassLoader());
            return new Connection(connection, api.getMethod("terminateSilently"));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (!quiet) {
                unavailable(e.toString(), e);
            }
            return null;
        }
    }

    /** Said once at INFO, for the operator: peers that stop reading then hold their socket longer. */
    private static void unavailable(String why, Throwable failure) {
        Level level = TOLD.compareAndSet(false, true) ? Level.INFO : Level.FINE;
        LOG.log(
                level,
                "cannot reach the Grizzly connection under a Tyrus session (" + why
                        + "): connections whose peer stopped reading are closed gracefully, not dropped",
                failure);
    }

    /** The TyrusWebSocket under a Tyrus session: the package-private field of its remote endpoints. */
    static TyrusWebSocket socketOf(Session session) {
        try {
            return (TyrusWebSocket) read(session.getAsyncRemote(), "webSocket");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "no TyrusWebSocket under " + session, e);
            return null;
        }
    }

    /**
     * Tyrus's servlet writer holds a proxy of the upgrade handler (created before the container's
     * upgrade); the container initialised the real one, which the proxy keeps in {@code handler}.
     */
    private static Object unproxied(Object upgradeHandler) throws ReflectiveOperationException {
        try {
            find(upgradeHandler.getClass(), "handler");
        } catch (NoSuchFieldException notAProxy) {
            return upgradeHandler;
        }
        Object real = read(upgradeHandler, "handler");
        return real != null ? real : upgradeHandler;
    }

    /** Calls the public no-argument method {@code name} of {@code target}; the lookup is cached per class. */
    static Object call(Object target, String name) throws ReflectiveOperationException {
        Class<?> type = target.getClass();
        String key = type.getName() + '#' + name + "()";
        Method method = METHODS.get(key);
        if (method == null) {
            method = type.getMethod(name);
            method.setAccessible(true);
            METHODS.put(key, method);
        }
        return method.invoke(target);
    }

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        Class<?> type = target.getClass();
        String key = type.getName() + '#' + name;
        Field field = FIELDS.get(key);
        if (field == null) {
            field = find(type, name);
            field.setAccessible(true);
            FIELDS.put(key, field);
        }
        return field.get(target);
    }

    private static Field find(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
