package org.longconn.endpoint.protocol;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;

/**
 * Compresses server frames for permessage-deflate (RFC 7692) as the gateway negotiates it: without
 * context takeover on the server's side, so each message is compressed on its own and one
 * compressed frame is right for every session that negotiated the extension. A frame is
 * compressed at most once ({@link OutboundFrame#deflatedWire}), whatever the number of its
 * recipients; payloads under {@code minBytes}, and ones that would not shrink, go out as they are.
 * Thread-safe: a compression borrows a {@link Deflater} from a small pool (zlib holds some 256 KB
 * of native memory per deflater: one per thread that ever writes would be too many).
 */
public final class FrameDeflater {

    /** RFC 7692 §7.2.1: the four bytes every SYNC_FLUSH ends with, left off the wire. */
    private static final int TAIL = 4;

    private static final byte FIN_RSV1_TEXT = (byte) 0xC1;
    private static final byte FIN_RSV1_BINARY = (byte) 0xC2;

    /** Deflaters kept for reuse; more are made when all are in use, and ended when given back to a full pool. */
    private static final int POOLED = 8;

    private final int minBytes;
    private final int level;
    private final Queue<Deflater> pool = new ArrayBlockingQueue<>(POOLED);
    private final LongAdder compressed = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    /**
     * @param minBytes payloads shorter than this are not compressed
     * @param level the {@link Deflater} level, 1 (fastest) to 9 (smallest)
     */
    public FrameDeflater(int minBytes, int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("a deflate level is 1 to 9, got " + level);
        }
        this.minBytes = minBytes;
        this.level = level;
    }

    /**
     * The whole compressed frame (header with RSV1, then the compressed payload) for a payload of
     * {@code length} bytes at {@code offset} of {@code wire}; {@code null} when it stays as it is.
     */
    byte[] deflate(boolean text, byte[] wire, int offset, int length) {
        if (length < minBytes) {
            return null;
        }
        Deflater deflater = pool.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        byte[] out = new byte[Math.max(64, length / 2)];
        int size = 0;
        try {
            deflater.setInput(wire, offset, length);
            while (true) {
                size += deflater.deflate(out, size, out.length - size, Deflater.SYNC_FLUSH);
                if (size < out.length) {
                    break;
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
        } finally {
            deflater.reset();
            if (!pool.offer(deflater)) {
                deflater.end();
            }
        }
        compressed.increment();
        bytesIn.add(length);
        int payload = size - TAIL;
        if (payload >= length) {
            bytesOut.add(length);
            return null;
        }
        bytesOut.add(payload);
        int header = OutboundFrame.headerLength(payload);
        byte[] frame = new byte[header + payload];
        OutboundFrame.writeHeader(frame, text ? FIN_RSV1_TEXT : FIN_RSV1_BINARY, payload);
        System.arraycopy(out, 0, frame, header, payload);
        return frame;
    }

    /** Frees the pooled deflaters' native memory (the application stops). */
    public void close() {
        Deflater deflater;
        while ((deflater = pool.poll()) != null) {
            deflater.end();
        }
    }

    /** How many payloads were compressed: once per frame, not once per recipient. */
    public long compressed() {
        return compressed.sum();
    }

    /** Payload bytes of the frames compressed. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** What those payloads came to on the wire (their own size when compressing did not shrink them). */
    public long bytesOut() {
        return bytesOut.sum();
    }
}
