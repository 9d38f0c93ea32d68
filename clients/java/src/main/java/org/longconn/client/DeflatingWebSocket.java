package org.longconn.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket of {@link DeflatingWebSockets}: the JDK's {@link WebSocket} contract on a socket of
 * its own, so that the client can compress (permessage-deflate), which the JDK's cannot negotiate.
 * The client uses it exactly as the JDK's.
 *
 * <p>Its reader thread ({@code longconn-client-socket}, the one that made the handshake) reads the
 * server's messages ({@link FrameReader}) and calls the listener, always with whole messages
 * ({@code last} true), and only while there is demand ({@link #request(long)}), as the JDK does:
 * the next message is not read before it is asked for. A ping is answered with a pong at once and
 * then given to {@code onPing}, as the JDK does. A close frame closes the input and goes to {@code
 * onClose}; once the stage that returns completes (or at once for {@code null}) the same code is
 * sent back and the socket closed. A protocol breach is answered with a close frame of its code
 * (1002, 1007, 1009) and reported to {@code onError} as a {@link ProtocolException}; a read error,
 * or a listener that throws, to {@code onError} too; the end of the connection without a close
 * frame to {@code onClose} with 1006. Each is the listener's last call; after {@link #abort()} it
 * is not called at all.
 *
 * <p>Sends go through a {@link SocketWriter}: queued and written in order by a writer thread, each
 * future completing once written. Unlike the JDK's, a send while another is pending is queued, not
 * refused. After {@link #sendClose} the server's close is awaited ({@link #CLOSE_TIMEOUT}), then the
 * socket is closed anyway (the listener then gets {@code onError}).
 */
final class DeflatingWebSocket implements WebSocket {

    /** How long a close the client sent waits for the server's. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final Listener listener;
    private final String subprotocol;
    private final FrameReader reader;
    private final MessageInflater inflater;
    private final SocketWriter writer;
    private final Duration closeTimeout;

    private final Object demandLock = new Object();
    private long demand; // guarded by demandLock

    private final AtomicBoolean outputClosed = new AtomicBoolean();
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    private final CompletableFuture<Void> inputEnded = new CompletableFuture<>();
    private volatile boolean inputClosed;
    private volatile boolean aborted;
    /** Why the client closed the socket itself (a failed write, no close answer): the reader's error. */
    private volatile IOException closedBecause;

    /** @param closeTimeout how long a close the client sent waits for the server's */
    DeflatingWebSocket(SocketHandshake.Opened opened, Listener listener, Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
        this.socket = opened.tcp();
        this.listener = listener;
        this.subprotocol = opened.subprotocol();
        boolean deflate = opened.deflate() != null;
        this.inflater = deflate ? new MessageInflater(opened.deflate().serverNoContextTakeover()) : null;
        this.reader = new FrameReader(opened.in(), inflater, FrameReader.MAX_MESSAGE_BYTES);
        OutputStream out = opened.out();
        this.writer = new SocketWriter(out, deflate ? new MessageDeflater() : null, this, this::writeFailed);
    }

    /** Whether the server agreed to permessage-deflate. */
    boolean compressing() {
        return inflater != null;
    }

    /**
     * On the reader thread: tells the listener the socket is open, completes {@code built} and
     * reads until the input ends.
     */
    void run(CompletableFuture<WebSocket> built) {
        try {
            try {
                listener.onOpen(this);
            } catch (RuntimeException | Error e) {
                built.complete(this);
                failed(e);
                return;
            }
            if (!built.complete(this)) {
                abort(); // given up on (cancelled) while opening
                return;
            }
            while (true) {
                if (!awaitDemand()) {
                    failed(new IOException("the socket closed")); // the listener hears of it unless aborted
                    return;
                }
                FrameReader.Message message = reader.next();
                synchronized (demandLock) {
                    demand--;
                }
                if (!deliver(message)) {
                    return;
                }
            }
        } catch (ProtocolFailure e) {
            inputClosed = true;
            closeOutput(e.code());
            report(new ProtocolException(e.getMessage()), e);
        } catch (EOFException e) {
            if (!aborted && closedBecause == null) {
                inputClosed = true;
                closeSocket(null);
                try {
                    listener.onClose(this, 1006, "");
                } catch (RuntimeException | Error ignored) {
                    // the listener's last call: nothing more to tell it
                }
            } else {
                failed(e);
            }
        } catch (IOException | RuntimeException | Error e) {
            failed(e);
        } catch (InterruptedException e) {
            abort();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
            inputEnded.complete(null);
        }
    }

    /** Hands one message to the listener; {@code false} after the close. */
    private boolean deliver(FrameReader.Message message) {
        switch (message.opcode()) {
            case FrameReader.TEXT -> listener.onText(this, message.text(), true);
            case FrameReader.BINARY -> listener.onBinary(this, ByteBuffer.wrap(message.payload()), true);
            case FrameReader.PING -> {
                if (!outputClosed.get()) {
                    writer.control(FrameReader.PONG, message.payload().clone());
                }
                listener.onPing(this, ByteBuffer.wrap(message.payload()));
            }
            case FrameReader.PONG -> listener.onPong(this, ByteBuffer.wrap(message.payload()));
            default -> {
                inputClosed = true;
                int code = message.code();
                CompletionStage<?> ready = listener.onClose(this, code, message.text());
                int echo = code == 1005 ? NORMAL_CLOSURE : code;
                if (ready == null) {
                    closeOutput(echo);
                } else {
                    ready.whenComplete((any, failure) -> closeOutput(echo));
                }
                return false;
            }
        }
        return true;
    }

    /** The input ended in error: the socket closes and the listener hears of it, once. */
    private void failed(Throwable error) {
        inputClosed = true;
        outputClosed.set(true);
        closeSocket(null);
        if (!aborted) {
            report(closedBecause != null ? closedBecause : error, null);
        }
    }

    private void report(Throwable error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        try {
            listener.onError(this, error);
        } catch (RuntimeException | Error ignored) {
            // the listener's last call: nothing more to tell it
        }
    }

    /** Sends a close with {@code code} unless one went out already, then closes the socket. */
    private void closeOutput(int code) {
        if (outputClosed.compareAndSet(false, true)) {
            writer.sendClose(code, new byte[0]).whenComplete((ws, failure) -> closeSocket(null));
        } else {
            writer.afterQueued(() -> closeSocket(null)); // after the close the client sent
        }
    }

    private void writeFailed(IOException failure) {
        closeSocket(failure);
    }

    private void closeSocket(IOException because) {
        if (because != null && closedBecause == null) {
            closedBecause = because;
        }
        if (socketClosed.compareAndSet(false, true)) {
            outputClosed.set(true);
            try {
                socket.close(); // the TCP socket: closing TLS politely could block
            } catch (IOException ignored) {
                // closed either way
            }
            writer.shutdown();
            synchronized (demandLock) {
                demandLock.notifyAll();
            }
        }
    }

    private boolean awaitDemand() throws InterruptedException {
        synchronized (demandLock) {
            while (demand == 0 && !socketClosed.get()) {
                demandLock.wait();
            }
            return !socketClosed.get();
        }
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        Objects.requireNonNull(data, "data");
        if (outputClosed.get()) {
            return CompletableFuture.failedFuture(new IOException("Output closed"));
        }
        return writer.text(data, last);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        Objects.requireNonNull(data, "data");
        if (outputClosed.get()) {
            return CompletableFuture.failedFuture(new IOException("Output closed"));
        }
        return writer.binary(bytes(data), last);
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        return control(FrameReader.PING, message);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return control(FrameReader.PONG, message);
    }

    private CompletableFuture<WebSocket> control(int opcode, ByteBuffer message) {
        Objects.requireNonNull(message, "message");
        if (message.remaining() > 125) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("at most 125 bytes"));
        }
        if (outputClosed.get()) {
            return CompletableFuture.failedFuture(new IOException("Output closed"));
        }
        return writer.control(opcode, bytes(message));
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (!legalToSend(statusCode)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("statusCode " + statusCode));
        }
        byte[] why;
        try {
            why = SocketWriter.utf8(reason);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (why.length > 123) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("reason beyond 123 bytes"));
        }
        if (!outputClosed.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IOException("Output closed"));
        }
        return writer.sendClose(statusCode, why).whenComplete((ws, failure) -> {
            if (failure == null) {
                awaitServersClose();
            }
        });
    }

    /** Our close went out: the socket closes on the server's, or after {@link #closeTimeout} anyway. */
    private void awaitServersClose() {
        if (inputClosed) {
            closeSocket(null);
            return;
        }
        inputEnded
                .copy()
                .orTimeout(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ended, late) -> {
                    if (late != null) {
                        closeSocket(new IOException(
                                "the server did not answer the close within " + closeTimeout.toMillis() + " ms"));
                    }
                });
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("non-positive request: " + n);
        }
        synchronized (demandLock) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            demandLock.notifyAll();
        }
    }

    @Override
    public String getSubprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOutputClosed() {
        return outputClosed.get();
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    public void abort() {
        aborted = true;
        inputClosed = true;
        closeSocket(null);
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

    /** The codes an app may close with, as the JDK's WebSocket allows them. */
    private static boolean legalToSend(int code) {
        return FrameReader.legalFromServer(code)
                && code <= 4999
                && !Set.of(1002, 1003, 1007, 1009, 1012, 1013, 1014).contains(code);
    }
}
