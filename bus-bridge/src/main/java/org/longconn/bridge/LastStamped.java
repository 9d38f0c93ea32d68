package org.longconn.bridge;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Enumeration;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.utils.CompositeAddress;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.bus.Position;

/**
 * The broker's record of the last position stamped: a durable <b>last-value queue</b> on the
 * sequenced address that keeps only the newest {@link SequencedBatch} (every batch carries the
 * same last-value key) and that nobody consumes. A batch reaches it in the transaction that stamps
 * it, so once the broker hands the sequencer subscription to another node, the record names the
 * last position the previous sequencer committed, exactly. The successor goes on in that epoch
 * after that number instead of starting a new epoch; a node that rejoins the bus reads it to learn
 * whether it missed pushes. The record is empty only when the broker lost its state (a broker
 * without persistence restarted): then, and only then, a new epoch starts.
 */
final class LastStamped {

    /** The last-value key every batch carries (Artemis's {@code _AMQ_LVQ_NAME} property). */
    private static final String LAST_VALUE_PROPERTY =
            org.apache.activemq.artemis.api.core.Message.HDR_LAST_VALUE_NAME.toString();

    private static final String LAST_VALUE = "longconn.sequence";

    private final String address;
    private final String queue;

    LastStamped(BridgeSettings settings) {
        this.address = settings.sequencedAddress();
        this.queue = settings.sequencedAddress() + ".last";
    }

    /** Creates the record's queue on the broker unless it exists. */
    void declare(Session session) throws JMSException {
        CoreQueues.declare(
                session, address, QueueConfiguration.of(queue).setDurable(true).setLastValue(true));
    }

    /** Marks {@code batch} so that it replaces the record's previous batch. */
    static void mark(Message batch) throws JMSException {
        batch.setStringProperty(LAST_VALUE_PROPERTY, LAST_VALUE);
    }

    /**
     * The last position stamped, or {@code null} when the broker has no record (no push was ever
     * stamped on it, or it lost its state).
     */
    Position read(Session session) throws JMSException {
        Position last = null;
        QueueBrowser browser =
                session.createBrowser(session.createQueue(CompositeAddress.toFullyQualified(address, queue)));
        try {
            Enumeration<?> batches = browser.getEnumeration();
            while (batches.hasMoreElements()) {
                Message batch = (Message) batches.nextElement();
                last = new Position(
                        batch.getStringProperty(BusFormat.POSITION_EPOCH),
                        batch.getLongProperty(SequencedBatch.FIRST_SEQ)
                                + batch.getIntProperty(SequencedBatch.COUNT)
                                - 1);
            }
        } finally {
            browser.close();
        }
        return last;
    }
}
