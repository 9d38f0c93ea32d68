package org.longconn.bridge;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;

/**
 * The sequencer's message on the sequenced address: a run of consecutively stamped pushes in one
 * bytes message, so that the broker routes and delivers one message per batch to every node
 * instead of one per push. Its properties carry the epoch ({@code positionEpoch}), the first
 * sequence number ({@value #FIRST_SEQ}) and the number of pushes ({@value #COUNT}); push
 * {@code i} of the body has sequence number {@code first + i}. Internal to the gateway's nodes,
 * versioned by {@value #FORMAT} so that a node never misreads another version's batch.
 *
 * <p>The body, per push: publish time (long); origin node (boolean present, then modified UTF-8);
 * opType (modified UTF-8); target kind (byte: 0 subscribers, 1 user, 2 session) and its id; payload
 * kind (byte: 0 JSON, 1 binary), then JSON as chunks of modified UTF-8 (an int count, then each
 * chunk), binary as an int length and the bytes. Modified UTF-8 keeps every Java string exactly,
 * lone surrogates included, which the sequencer does not judge.
 */
final class SequencedBatch {

    /** The format version property; a message without it, or with another, is not read. */
    static final String FORMAT = "batchFormat";

    static final int FORMAT_VERSION = 1;
    static final String FIRST_SEQ = "positionFirstSeq";
    static final String COUNT = "pushCount";

    /** Characters per chunk of a JSON payload: at most 3 bytes each in modified UTF-8, under 64 KiB. */
    private static final int CHUNK_CHARS = 21_000;

    private static final byte TO_SUBSCRIBERS = 0;
    private static final byte TO_USER = 1;
    private static final byte TO_SESSION = 2;
    private static final byte JSON = 0;
    private static final byte BINARY = 1;

    /** One push of a batch, as the nodes deliver it. */
    record Entry(Push push, long publishedAt, String originNode) {}

    private SequencedBatch() {}

    /**
     * Builds one batch body, push by push; {@link #reset} makes it ready for the next batch, so
     * that the sequencer keeps one buffer instead of growing a new one for every batch.
     */
    static final class Writer {
        private final Body bytes = new Body();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int count;

        /** Empties the body for the next batch, keeping its buffer. */
        void reset() {
            bytes.reset();
            count = 0;
        }

        /**
         * Appends {@code entry}, or nothing when it cannot be written (an id over 64 KiB of
         * modified UTF-8).
         *
         * @return whether it was appended
         */
        boolean add(Entry entry) {
            int before = bytes.size();
            try {
                write(entry);
                out.flush();
            } catch (IOException e) {
                // Only a string too long for writeUTF: drop the partial entry.
                byte[] kept = bytes.toByteArray();
                bytes.reset();
                bytes.write(kept, 0, before);
                return false;
            }
            count++;
            return true;
        }

        private void write(Entry entry) throws IOException {
            Push push = entry.push();
            out.writeLong(entry.publishedAt());
            out.writeBoolean(entry.originNode() != null);
            if (entry.originNode() != null) {
                out.writeUTF(entry.originNode());
            }
            out.writeUTF(push.opType());
            if (push.target() instanceof PushTarget.User user) {
                out.writeByte(TO_USER);
                out.writeUTF(user.userId());
            } else if (push.target() instanceof PushTarget.Session session) {
                out.writeByte(TO_SESSION);
                out.writeUTF(session.sessionId());
            } else {
                out.writeByte(TO_SUBSCRIBERS);
            }
            if (push.payload() instanceof PushPayload.Json json) {
                out.writeByte(JSON);
                String text = json.json();
                int chunks = (text.length() + CHUNK_CHARS - 1) / CHUNK_CHARS;
                out.writeInt(chunks);
                if (chunks == 1) {
                    out.writeUTF(text); // the usual case: no copy of the payload for a chunk
                } else {
                    for (int i = 0; i < chunks; i++) {
                        out.writeUTF(text.substring(i * CHUNK_CHARS, Math.min(text.length(), (i + 1) * CHUNK_CHARS)));
                    }
                }
            } else {
                byte[] binary = ((PushPayload.Binary) push.payload()).bytes();
                out.writeByte(BINARY);
                out.writeInt(binary.length);
                out.write(binary);
            }
        }

        int count() {
            return count;
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        /** Writes the body into {@code message} without an intermediate copy. */
        void writeTo(BytesMessage message) throws JMSException {
            bytes.writeTo(message);
        }
    }

    /** The body's buffer, handed to a message without copying it first. */
    private static final class Body extends ByteArrayOutputStream {
        Body() {
            super(64 * 1024);
        }

        void writeTo(BytesMessage message) throws JMSException {
            message.writeBytes(buf, 0, count);
        }
    }

    /**
     * Reads the {@code count} pushes of a batch body.
     *
     * @throws IOException when the body is not a batch of that many pushes
     */
    static List<Entry> read(byte[] body, int count) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long publishedAt = in.readLong();
            String origin = in.readBoolean() ? in.readUTF() : null;
            String opType = in.readUTF();
            byte targetKind = in.readByte();
            PushTarget target = switch (targetKind) {
                case TO_SUBSCRIBERS -> PushTarget.subscribers();
                case TO_USER -> PushTarget.user(in.readUTF());
                case TO_SESSION -> PushTarget.session(in.readUTF());
                default -> throw new IOException("unknown target kind " + targetKind);
            };
            byte payloadKind = in.readByte();
            PushPayload payload;
            if (payloadKind == JSON) {
                payload = new PushPayload.Json(readChunks(in));
            } else if (payloadKind == BINARY) {
                byte[] binary = new byte[in.readInt()];
                in.readFully(binary);
                payload = new PushPayload.Binary(binary);
            } else {
                throw new IOException("unknown payload kind " + payloadKind);
            }
            entries.add(new Entry(new Push(opType, target, payload), publishedAt, origin));
        }
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the last of " + count + " pushes");
        }
        return entries;
    }

    /** A JSON payload's chunks as one string; a single chunk (the usual case) without a copy. */
    private static String readChunks(DataInputStream in) throws IOException {
        int chunks = in.readInt();
        if (chunks == 1) {
            return in.readUTF();
        }
        if (chunks < 0) {
            throw new IOException("a negative chunk count " + chunks);
        }
        StringBuilder json = new StringBuilder();
        for (int c = 0; c < chunks; c++) {
            json.append(in.readUTF());
        }
        return json.toString();
    }

    /** For tests: a whole batch body of {@code entries}. */
    static byte[] of(List<Entry> entries) {
        Writer writer = new Writer();
        for (Entry entry : entries) {
            if (!writer.add(entry)) {
                throw new UncheckedIOException(new IOException("not writable: " + entry));
            }
        }
        return writer.toByteArray();
    }
}
