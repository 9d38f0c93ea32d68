package org.longconn.bridge;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Enumeration;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.utils.CompositeAddress;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.bus.Position;

/**
 * The last stamped batches, kept on the broker that holds the sequence: a durable <b>ring
 * queue</b> of {@code replayBatches} messages on the sequenced address, which nobody consumes (the
 * oldest batch makes way for the newest). A node that was off the bus (its connection lost, the
 * broker restarted) reads from it what was stamped while it was away and delivers that before
 * anything live, so that it misses nothing as long as the ring reaches back far enough.
 */
final class SequenceLog {

    private final String address;
    private final String queue;
    private final long batches;

    SequenceLog(BridgeSettings settings) {
        this.address = settings.sequencedAddress();
        this.queue = settings.sequencedAddress() + ".log";
        this.batches = settings.replayBatches();
    }

    /** Creates the ring queue on the broker unless it exists. */
    void declare(Session session) throws JMSException {
        CoreQueues.declare(
                session, address, QueueConfiguration.of(queue).setDurable(true).setRingSize(batches));
    }

    /**
     * Hands {@code reader} the batches of {@code after}'s epoch that hold positions after it, in
     * the order they were stamped.
     */
    void readAfter(Session session, Position after, Consumer<Message> reader) throws JMSException {
        String selector = BusFormat.POSITION_EPOCH + " = '" + after.epoch() + "' AND " + SequencedBatch.FIRST_SEQ
                + " + " + SequencedBatch.COUNT + " > " + (after.seq() + 1);
        QueueBrowser browser =
                session.createBrowser(session.createQueue(CompositeAddress.toFullyQualified(address, queue)), selector);
        try {
            Enumeration<?> found = browser.getEnumeration();
            while (found.hasMoreElements()) {
                reader.accept((Message) found.nextElement());
            }
        } finally {
            browser.close();
        }
    }
}
