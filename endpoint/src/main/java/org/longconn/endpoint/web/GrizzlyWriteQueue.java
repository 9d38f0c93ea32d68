package org.longconn.endpoint.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a session's frame bytes straight into the write queue of the Grizzly connection under it
 * (GlassFish), the queue that every write of that connection ends in. The way there through Tyrus
 * and the servlet layer (Tyrus's frame lock and servlet writer, the servlet output stream that
 * copies the bytes into its buffer, the HTTP output buffer, the filter chain) cost about a third of
 * a delivery's CPU in the publish benchmark, where each push goes to another session and nothing
 * can be batched; the queue takes the frame's bytes without a copy.
 *
 * <p>It is only taken where nothing between the servlet layer and the socket changes what is
 * written: each filter of the connection's chain must be one of {@link #PASS_THROUGH}, which hand
 * on a plain buffer untouched. A chain with another filter (TLS, for a start) keeps the way
 * through Tyrus, and the log says so once per chain. What Tyrus still writes itself (pongs, the
 * close frame) goes into the same queue, whole frames each, so frames never interleave.
 *
 * <p>Grizzly is not visible to applications on every server, so it is reached by reflection from
 * the connection's own class loader; the handles are resolved once per filter chain.
 */
final class GrizzlyWriteQueue {

    private static final Logger LOG = Logger.getLogger(GrizzlyWriteQueue.class.getName());

    /**
     * Filters that pass a plain buffer on unchanged when it is written: the transport itself, the
     * HTTP codecs (they encode only HTTP packets; an upgraded connection writes none), the HTTP
     * server filter (it does not take part in writes at all), the idle
     * timer, the file cache, Grizzly's own WebSocket filter (it frames only its own data frames)
     * and, on a connection that is not HTTP/2 ({@link #HTTP2_FILTER}), the HTTP/2 filter.
     */
    static final Set<String> PASS_THROUGH = Set.of(
            "org.glassfish.grizzly.filterchain.TransportFilter",
            "org.glassfish.grizzly.utils.IdleTimeoutFilter",
            "org.glassfish.grizzly.http.HttpCodecFilter",
            "org.glassfish.grizzly.http.server.HttpServerFilter",
            "org.glassfish.grizzly.http.server.FileCacheFilter",
            "org.glassfish.grizzly.websockets.BaseWebSocketFilter",
            "org.glassfish.grizzly.http2.Http2BaseFilter");

    /**
     * Passes a plain buffer on unchanged only on a connection without HTTP/2 state, or one marked
     * as never HTTP/2 (a WebSocket is an HTTP/1.1 connection), which is checked per connection.
     */
    static final String HTTP2_FILTER = "org.glassfish.grizzly.http2.Http2BaseFilter";

    /**
     * The reflective handles of one Grizzly transport; {@code http2State} and {@code neverHttp2}
     * only when the chain has the HTTP/2 filter.
     */
    private record Handles(
            Object writer,
            MethodHandle write,
            MethodHandle canWrite,
            Object memoryManager,
            MethodHandle wrap,
            Class<?> completionHandler,
            Method http2State,
            Method neverHttp2) {}

    /**
     * What the connections of one filter chain (one per listener, shared by its connections) write
     * with; empty when they cannot (the reason was logged once).
     */
    private static final Map<Object, Optional<Handles>> ROUTES = new ConcurrentHashMap<>();

    private final Object connection;
    private final Handles handles;
    private final Consumer<Throwable> done;
    /** The completion handler of a write that the caller waits for (the connection's queue was full). */
    private final Object completion;
    /**
     * The completion handler of a write reported done once queued: only a failure is kept, for the
     * write that is under way when it comes (the connection is broken then, whatever write it was).
     */
    private final Object failureOnly;

    private volatile Throwable queuedFailure;

    private GrizzlyWriteQueue(Object connection, Handles handles, Consumer<Throwable> done) {
        this.connection = connection;
        this.handles = handles;
        this.done = done;
        this.completion = Proxy.newProxyInstance(
                handles.completionHandler().getClassLoader(),
                new Class<?>[] {handles.completionHandler()},
                new Completion(done));
        this.failureOnly = Proxy.newProxyInstance(
                handles.completionHandler().getClassLoader(),
                new Class<?>[] {handles.completionHandler()},
                new Completion(failure -> {
                    if (failure != null) {
                        queuedFailure = failure;
                    }
                }));
    }

    /**
     * The write queue of {@code connection} (a Grizzly connection), reporting the end of each write
     * to {@code done} ({@code null}: written), or {@code null} when the connection's filter chain
     * may change what is written, or this Grizzly is not the one this class knows.
     */
    static GrizzlyWriteQueue of(Object connection, Consumer<Throwable> done) {
        try {
            Object chain = chainOf(connection);
            if (chain == null) {
                return null;
            }
            Handles handles =
                    ROUTES.computeIfAbsent(chain, c -> route(connection, c)).orElse(null);
            if (handles == null || (handles.http2State() != null && speaksHttp2(connection, handles))) {
                return null;
            }
            return new GrizzlyWriteQueue(connection, handles, done);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "no direct write queue for " + connection, e);
            return null;
        }
    }

    /**
     * Starts writing {@code bytes}; the end is reported once, to the consumer given at {@link #of}.
     * While the connection's write queue has room, as the servlet output stream does, a write is
     * done once it is queued (on this thread): frames that a slow socket cannot take yet then
     * wait in Grizzly's queue, which writes them out together, and no completion has to travel
     * back from Grizzly's threads for each. When the queue is full, the end is reported once the
     * bytes are written, on one of Grizzly's threads, so that the session's outbox holds what
     * follows (and drops the session if it never drains). The array is not copied: it must not
     * change until then.
     */
    void write(byte[] bytes) {
        Handles h = handles;
        try {
            Object buffer = (Object) h.wrap().invokeExact(h.memoryManager(), bytes);
            boolean room = (boolean) h.canWrite().invokeExact(h.writer(), connection);
            if (room) {
                h.write().invokeExact(h.writer(), connection, (Object) null, buffer, failureOnly, (Object) null);
                Throwable failure = queuedFailure;
                queuedFailure = null;
                done.accept(failure);
            } else {
                h.write().invokeExact(h.writer(), connection, (Object) null, buffer, completion, (Object) null);
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Grizzly reports a failed write to the completion handler; what is thrown here is a
            // write that could not even be queued. Either way the outbox hears of it once.
            done.accept(e);
        }
    }

    /** Whether {@code connection} has HTTP/2 state other than "never": its writes go through that filter. */
    private static boolean speaksHttp2(Object connection, Handles handles) throws ReflectiveOperationException {
        Object state = handles.http2State().invoke(null, connection);
        return state != null && !(Boolean) handles.neverHttp2().invoke(state);
    }

    /** The connection's processor, or its transport's (the method lookups are cached). */
    private static Object chainOf(Object connection) throws ReflectiveOperationException {
        Object processor = TyrusConnections.call(connection, "getProcessor");
        return processor != null
                ? processor
                : TyrusConnections.call(TyrusConnections.call(connection, "getTransport"), "getProcessor");
    }

    /** Decides, once per chain, whether its connections may be written to directly. */
    private static Optional<Handles> route(Object connection, Object chain) {
        try {
            if (!(chain instanceof List<?> filters)) {
                return refused(chain, "its processor " + chain.getClass().getName() + " is not a filter chain");
            }
            List<String> names = new ArrayList<>();
            boolean http2 = false;
            for (Object filter : filters) {
                names.add(filter.getClass().getSimpleName());
                http2 |= extendsAny(filter.getClass(), Set.of(HTTP2_FILTER));
                if (!extendsAny(filter.getClass(), PASS_THROUGH)) {
                    return refused(
                            chain,
                            "its filter chain has " + filter.getClass().getName()
                                    + ", which may change the bytes written (TLS, compression)");
                }
            }
            Handles handles = handles(connection, http2);
            LOG.info(
                    () -> "write path: frames go straight into Grizzly's write queue on the listener whose filters are "
                            + names);
            return Optional.of(handles);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return refused(chain, "this Grizzly is not the one the gateway knows (" + e + ")");
        }
    }

    private static Optional<Handles> refused(Object chain, String why) {
        LOG.info(() ->
                "write path: frames go through Tyrus on the listener with the filter chain " + chain + ": " + why);
        return Optional.empty();
    }

    /** Whether {@code type} is, or extends, a class named in {@code names}. */
    private static boolean extendsAny(Class<?> type, Set<String> names) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (names.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private static Handles handles(Object connection, boolean http2) throws ReflectiveOperationException {
        ClassLoader loader = connection.getClass().getClassLoader();
        Class<?> connectionType = Class.forName("org.glassfish.grizzly.Connection", false, loader);
        Class<?> queueWriterType = Class.forName("org.glassfish.grizzly.asyncqueue.AsyncQueueWriter", false, loader);
        Class<?> messageType = Class.forName("org.glassfish.grizzly.asyncqueue.WritableMessage", false, loader);
        Class<?> completionType = Class.forName("org.glassfish.grizzly.CompletionHandler", false, loader);
        Class<?> clonerType = Class.forName("org.glassfish.grizzly.asyncqueue.MessageCloner", false, loader);
        Class<?> memoryManagerType = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
        Class<?> buffers = Class.forName("org.glassfish.grizzly.memory.Buffers", false, loader);

        Object transport = connectionType.getMethod("getTransport").invoke(connection);
        Object queueIO = transport.getClass().getMethod("getAsyncQueueIO").invoke(transport);
        Object writer = queueIO.getClass().getMethod("getWriter").invoke(queueIO);
        Object memoryManager =
                transport.getClass().getMethod("getMemoryManager").invoke(transport);
        if (!queueWriterType.isInstance(writer)) {
            throw new IllegalStateException(writer.getClass().getName() + " is not an AsyncQueueWriter");
        }

        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Method write = queueWriterType.getMethod(
                "write", connectionType, Object.class, messageType, completionType, clonerType);
        MethodHandle writeHandle = lookup.unreflect(write)
                .asType(MethodType.methodType(
                        void.class,
                        Object.class,
                        Object.class,
                        Object.class,
                        Object.class,
                        Object.class,
                        Object.class));
        MethodHandle canWriteHandle = lookup.unreflect(Class.forName("org.glassfish.grizzly.Writer", false, loader)
                        .getMethod("canWrite", connectionType))
                .asType(MethodType.methodType(boolean.class, Object.class, Object.class));
        MethodHandle wrapHandle = lookup.unreflect(buffers.getMethod("wrap", memoryManagerType, byte[].class))
                .asType(MethodType.methodType(Object.class, Object.class, byte[].class));
        Method http2State = null;
        Method neverHttp2 = null;
        if (http2) {
            // Package-private in Grizzly: the state the HTTP/2 filter itself looks at before a write.
            Class<?> stateType = Class.forName("org.glassfish.grizzly.http2.Http2State", false, loader);
            http2State = stateType.getDeclaredMethod("get", connectionType);
            http2State.setAccessible(true);
            neverHttp2 = stateType.getDeclaredMethod("isNeverHttp2");
            neverHttp2.setAccessible(true);
        }
        return new Handles(
                writer, writeHandle, canWriteHandle, memoryManager, wrapHandle, completionType, http2State, neverHttp2);
    }

    /** Grizzly's completion handler of a write, as a proxy: the interface is only known at run time. */
    private static final class Completion implements InvocationHandler {
        private final Consumer<Throwable> done;

        Completion(Consumer<Throwable> done) {
            this.done = done;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "completed" -> done.accept(null);
                case "failed" ->
                    done.accept(args[0] instanceof Throwable t ? t : new IllegalStateException("write failed"));
                case "cancelled" -> done.accept(new CancellationException("write cancelled"));
                case "updated" -> {
                    // progress of a partly written buffer: the end comes later
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "longconn write completion";
                }
                default -> throw new UnsupportedOperationException(method.toString());
            }
            return null;
        }
    }
}
