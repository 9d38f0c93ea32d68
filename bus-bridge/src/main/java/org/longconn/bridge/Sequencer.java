package org.longconn.bridge;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.bus.DaemonThreads;
import org.longconn.api.bus.Position;

/**
 * Gives every push its {@link Position}, once for the whole cluster. Every node runs one, each on
 * the same shared durable subscription of the push address, which is <b>exclusive</b>: the broker
 * hands all pushes to one sequencer at a time and moves to the next when that one's connection
 * goes. Being durable, the subscription keeps the pushes published while no sequencer is attached
 * (a broker that has just restarted, every node away) until one is. The active sequencer validates
 * each push, stamps it (the epoch, the next sequence number) and republishes it on the sequenced
 * address in the same local transaction as it consumes it, so a push is stamped exactly once: if
 * the node dies mid-way, the transaction rolls back and the next sequencer stamps it.
 *
 * <p>It works in batches, on a thread of its own: it takes whatever pushes are waiting, up to
 * {@value #MAX_BATCH} pushes or {@value #MAX_BATCH_BYTES} bytes, stamps them with consecutive
 * numbers, sends them as one {@link SequencedBatch} message and commits once. Under load neither
 * the sequencer nor the broker's delivery to the nodes works per push any more; when idle a batch
 * is one push and the latency that of one round trip.
 *
 * <p>A sequencer that takes over goes on with the sequence: before its first batch it reads the
 * {@link LastStamped} record, which names the last position committed by its predecessor, and
 * continues that epoch from the next number. Only when the broker has no record (it lost its
 * state) does it start a new epoch, a random one never used before, so that a position can never
 * repeat whatever happened in between.
 */
final class Sequencer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());
    /** Pushes stamped per transaction at most: bounds the work a rollback repeats. */
    static final int MAX_BATCH = 500;
    /** A batch takes no more pushes once its body is this large (a bigger push goes alone). */
    static final int MAX_BATCH_BYTES = 1024 * 1024;
    /** How long one wait for the first push of a batch lasts before checking for close. */
    private static final long IDLE_WAIT_MS = 1_000;

    private final BridgeSettings settings;
    private final PushDecoder decoder;
    private final Session session;
    private final MessageProducer producer;
    private final MessageConsumer consumer;
    private final LastStamped record;
    private final Thread thread;
    private volatile boolean closed;
    /** The epoch stamped in: known from the first batch on, once this sequencer is the active one. */
    private String epoch;

    private long seq;
    /** The body of the batch being stamped, one buffer for all batches (this thread only). */
    private final SequencedBatch.Writer batch = new SequencedBatch.Writer();

    /**
     * Subscribes; call {@link #start} once {@code connection} is started.
     *
     * @param connection a connection to the broker that holds the sequence
     * @param record that broker's record of the last position stamped, already declared
     * @param threads makes the sequencer's thread
     */
    Sequencer(
            Connection connection,
            BridgeSettings settings,
            PushDecoder decoder,
            LastStamped record,
            DaemonThreads threads)
            throws JMSException {
        this.settings = settings;
        this.decoder = decoder;
        this.record = record;
        this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
        this.producer = session.createProducer(session.createTopic(settings.sequencedAddress()));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        // "?exclusive=true" makes the broker create the shared subscription's queue as exclusive.
        this.consumer = session.createSharedDurableConsumer(
                session.createTopic(settings.pushAddress() + "?exclusive=true"), BusFormat.SEQUENCER_SUBSCRIPTION);
        this.thread = threads.newThread(this::run, "longconn-sequencer-" + settings.nodeId());
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                Message first = consumer.receive(IDLE_WAIT_MS);
                if (first != null) {
                    sequence(first);
                }
            } catch (JMSException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // The connection is going: its exception listener reconnects with a new sequencer.
                LOG.log(Level.FINE, "the sequencer stops: its session failed", e);
                return;
            }
        }
    }

    /**
     * Stamps {@code first} and whatever else is waiting, up to a batch, sends them as one {@link
     * SequencedBatch} message and commits once.
     */
    private void sequence(Message first) throws JMSException {
        if (epoch == null) {
            takeOver();
        }
        SequencedBatch.Writer batch = this.batch;
        batch.reset();
        long firstSeq = seq + 1;
        try {
            stamp(first, batch);
            for (int count = 1; count < MAX_BATCH && batch.size() < MAX_BATCH_BYTES; count++) {
                Message next = consumer.receiveNoWait();
                if (next == null) {
                    break;
                }
                stamp(next, batch);
            }
            if (batch.count() > 0) {
                BytesMessage out = session.createBytesMessage();
                batch.writeTo(out);
                out.setIntProperty(SequencedBatch.FORMAT, SequencedBatch.FORMAT_VERSION);
                out.setStringProperty(BusFormat.POSITION_EPOCH, epoch);
                out.setLongProperty(SequencedBatch.FIRST_SEQ, firstSeq);
                out.setIntProperty(SequencedBatch.COUNT, batch.count());
                LastStamped.mark(out);
                producer.send(out);
            }
            session.commit();
        } catch (JMSException | RuntimeException e) {
            if (closed) {
                return;
            }
            LOG.log(Level.WARNING, "sequencing pushes failed; rolling back so that they are delivered again", e);
            try {
                session.rollback();
            } catch (JMSException rollbackFailed) {
                LOG.log(Level.FINE, "rollback failed (the connection is going)", rollbackFailed);
                throw rollbackFailed;
            }
        }
    }

    /**
     * This sequencer has just become the active one (the broker gave it its first push): it goes
     * on after the last position stamped before it, or starts a new epoch when there is none.
     */
    private void takeOver() throws JMSException {
        Position last = record.read(session);
        if (last != null) {
            epoch = last.epoch();
            seq = last.seq();
            LOG.info(() -> "longconn node " + settings.nodeId() + " now sequences the pushes on "
                    + settings.pushAddress() + ", going on with epoch " + epoch + " after " + seq);
        } else {
            epoch = Position.randomEpoch();
            seq = 0;
            LOG.info(() -> "longconn node " + settings.nodeId() + " now sequences the pushes on "
                    + settings.pushAddress() + " in the new epoch " + epoch
                    + " (the broker has no record of an earlier position)");
        }
    }

    /** Validates one push and appends it to {@code batch} with the next sequence number. */
    private void stamp(Message message, SequencedBatch.Writer batch) throws JMSException {
        PushDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(message);
        } catch (PushDecoder.InvalidPush | JMSException | RuntimeException e) {
            // Dropped here (consumed with the batch), once for the cluster, not on every node; never
            // retried, or one bad message would hold up the exclusive queue and with it every push.
            LOG.warning(() ->
                    "dropped a message on " + settings.pushAddress() + " that is not a valid push: " + e.getMessage());
            return;
        }
        SequencedBatch.Entry entry = new SequencedBatch.Entry(
                decoded.push(), decoded.publishedAt(), message.getStringProperty(BusFormat.ORIGIN_NODE));
        if (!batch.add(entry)) {
            LOG.warning(() -> "dropped a push for '" + decoded.push().opType() + "' on " + settings.pushAddress()
                    + ": its target id is over 64 KiB");
            return;
        }
        // The number is used up here, before the send: if the commit fails after the broker did
        // commit, the next push must not get the same position (a gap is safe, a repeat is not).
        seq++;
    }

    /**
     * Closes the session, which wakes the thread (what is uncommitted rolls back), and waits a
     * little for the thread to end, so that a closed bridge leaves no thread behind.
     */
    @Override
    public void close() {
        closed = true;
        try {
            session.close();
        } catch (JMSException e) {
            LOG.log(Level.FINE, "closing the sequencer session failed", e);
        }
        if (Thread.currentThread() == thread) {
            return; // closed from its own loop: it ends when this returns
        }
        try {
            // Bounded: a receive ends as its session closes, and a batch under way fails with it.
            thread.join(2 * IDLE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
