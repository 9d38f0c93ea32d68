package org.longconn.endpoint.protocol;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the compressed messages clients send once permessage-deflate is negotiated (RFC 7692),
 * frame by frame. Clients compress each message on its own (the gateway asks for no context
 * takeover on their side), so an {@link Inflater} is needed only while a message arrives: it is
 * borrowed from a small pool for that message and given back at its last frame, instead of
 * holding zlib's memory for every idle connection. A message that inflates beyond {@code maxBytes}
 * is refused before more is made of it (a small frame can inflate to gigabytes).
 */
public final class MessageInflater {

    /** RFC 7692 §7.2.2: appended to a message's compressed bytes before inflating its end. */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private static final int POOLED = 64;

    private final int maxBytes;
    private final Queue<Inflater> pool = new ArrayBlockingQueue<>(POOLED);

    /** @param maxBytes the most one message may inflate to */
    public MessageInflater(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The longest message this inflates. */
    public int maxBytes() {
        return maxBytes;
    }

    /** A compressed message that begins: inflate its frames in order, then it is released. */
    public Message begin() {
        Inflater inflater = pool.poll();
        return new Message(inflater != null ? inflater : new Inflater(true));
    }

    /** The message is longer than {@link #maxBytes()} once inflated. */
    public static final class TooLargeException extends Exception {
        TooLargeException(int maxBytes) {
            super("a compressed message inflated to over " + maxBytes + " bytes", null, false, false);
        }
    }

    /** One compressed message, inflated as its frames arrive. Used by one thread at a time. */
    public final class Message {
        private Inflater inflater;
        /** Bytes inflated by the frames before this one. */
        private long before;

        private byte[] out;
        private int size;

        private Message(Inflater inflater) {
            this.inflater = inflater;
        }

        /**
         * The bytes that {@code compressed}, the payload of the message's next frame, inflates to;
         * the message is released after its last frame ({@code fin}) or a failure.
         *
         * @throws TooLargeException when the message so far inflates to over {@link #maxBytes()}
         * @throws DataFormatException when the bytes are not a deflate stream
         */
        public byte[] inflate(byte[] compressed, boolean fin) throws TooLargeException, DataFormatException {
            if (inflater == null) {
                throw new IllegalStateException("the message was released");
            }
            boolean done = fin;
            try {
                out = new byte[(int) Math.min(Math.max(64L, compressed.length * 4L), allowed() + 1)];
                size = 0;
                drain(compressed);
                if (fin) {
                    drain(TAIL);
                }
                before += size;
                byte[] inflated = size == out.length ? out : Arrays.copyOf(out, size);
                out = null;
                return inflated;
            } catch (TooLargeException | DataFormatException | RuntimeException e) {
                done = true;
                throw e;
            } finally {
                if (done) {
                    release();
                }
            }
        }

        /** How many more bytes the message may inflate to. */
        private long allowed() {
            return maxBytes - before;
        }

        /** Inflates all of {@code input} into {@link #out}, growing it up to one byte past what is allowed. */
        private void drain(byte[] input) throws TooLargeException, DataFormatException {
            inflater.setInput(input);
            while (true) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(out.length * 2L, allowed() + 1));
                }
                int n = inflater.inflate(out, size, out.length - size);
                size += n;
                if (size > allowed()) {
                    throw new TooLargeException(maxBytes);
                }
                if (n == 0 && size < out.length) {
                    // Needs input (this frame's is all in), or the stream ended.
                    return;
                }
            }
        }

        /** Gives the inflater back (the message ended, or its connection did). Idempotent. */
        public void release() {
            Inflater used = inflater;
            inflater = null;
            if (used != null) {
                used.reset();
                if (!pool.offer(used)) {
                    used.end();
                }
            }
        }
    }
}
