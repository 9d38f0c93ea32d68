package org.longconn.bridge;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.bus.Position;

/**
 * A node's side of the cluster's sequence: it reads the {@link SequencedBatch} messages of the
 * sequenced address and hands their pushes to the {@link ArtemisBridge.Listener} once each, in
 * order, with their positions. It remembers the last position delivered across reconnects, so
 * that a node back on the bus first catches up from the {@link SequenceLog} and skips what it then
 * receives twice; what it can no longer get is reported as missed before any later push. It also
 * notices two sequencers stamping at once (an epoch coming back), which only a misconfigured
 * cluster of brokers can cause.
 *
 * <p>Batches arrive on one broker client thread at a time (the catch-up runs before the live
 * subscription's listener is set), so the state here needs no lock beyond its visibility.
 */
final class SequenceFeed {

    private static final Logger LOG = Logger.getLogger(SequenceFeed.class.getName());
    /** Epochs remembered to recognise one that comes back. */
    private static final int PAST_EPOCHS = 16;

    private final BridgeSettings settings;
    private final ArtemisBridge.Listener listener;
    /** The position of the last push handed to the listener, or {@code null} before the first. */
    private volatile Position lastDelivered;
    /** Epochs this node has moved on from: one coming back means two sequencers at once. */
    private final Set<String> pastEpochs = new LinkedHashSet<>();

    private boolean warnedSeveralSequencers;

    SequenceFeed(BridgeSettings settings, ArtemisBridge.Listener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Back on the bus after an absence, delivers what was stamped meanwhile from the log, before
     * anything live; what the log no longer holds is reported as missed.
     *
     * @param record the broker's record of the last position stamped
     * @return whether there was anything to catch up on (this is not the node's first connect)
     */
    boolean catchUp(Session sequenceSession, LastStamped record, SequenceLog log) throws JMSException {
        Position before = lastDelivered;
        if (before == null) {
            return false;
        }
        Position last = record.read(sequenceSession);
        if (last == null) {
            // The broker lost its state: whatever was stamped before is gone, for every node.
            missed(null);
            lastDelivered = null;
            return true;
        }
        Position from = last.epoch().equals(before.epoch()) ? before : new Position(last.epoch(), 0);
        log.readAfter(sequenceSession, from, this::received);
        return true;
    }

    /** One {@link SequencedBatch} from the sequencer: its pushes, in order, with their positions. */
    void received(Message message) {
        String epoch;
        long first;
        List<SequencedBatch.Entry> entries;
        try {
            if (!message.propertyExists(SequencedBatch.FORMAT)
                    || message.getIntProperty(SequencedBatch.FORMAT) != SequencedBatch.FORMAT_VERSION
                    || !(message instanceof BytesMessage body)) {
                LOG.warning(() -> "dropped a message on " + settings.sequencedAddress() + " that is not a batch of"
                        + " this gateway version's sequencer; publish pushes on " + settings.pushAddress());
                return;
            }
            epoch = message.getStringProperty(BusFormat.POSITION_EPOCH);
            first = message.getLongProperty(SequencedBatch.FIRST_SEQ);
            byte[] bytes = new byte[(int) body.getBodyLength()];
            body.readBytes(bytes);
            entries = SequencedBatch.read(bytes, message.getIntProperty(SequencedBatch.COUNT));
        } catch (JMSException | IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "dropped a message on " + settings.sequencedAddress() + " that could not be read",
                    e);
            return;
        }
        noticeEpoch(epoch);
        int skip = 0;
        Position last = lastDelivered;
        if (last != null && last.epoch().equals(epoch)) {
            // Caught up from the log and received live too, or redelivered: each push goes once.
            skip = (int) Math.max(0, Math.min(entries.size(), last.seq() - first + 1));
            if (first > last.seq() + 1) {
                missed(new Position(epoch, first - 1));
            }
        } else if (last != null) {
            // Another epoch: the broker lost its record, so what was stamped before is unknown.
            missed(new Position(epoch, first - 1));
        }
        for (int i = skip; i < entries.size(); i++) {
            SequencedBatch.Entry entry = entries.get(i);
            try {
                listener.onPush(entry.push(), entry.publishedAt(), new Position(epoch, first + i));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery of a push for '" + entry.push().opType() + "' failed", e);
            }
        }
        if (skip < entries.size()) {
            lastDelivered = new Position(epoch, first + entries.size() - 1);
        }
    }

    private void missed(Position through) {
        LOG.warning(() -> "longconn node " + settings.nodeId() + " missed pushes stamped while it was away"
                + (through != null ? " (through " + through.wire() + ")" : " (the broker kept no record of them)")
                + "; its sessions are told that their subscriptions have a gap");
        try {
            listener.onMissed(through);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the push listener failed on missed pushes", e);
        }
    }

    /**
     * Remembers the epochs this node moved on from. One that comes back means that two sequencers
     * stamp at once: nodes on several brokers of a cluster without a common {@code sequencerUrl}.
     * Positions then mean nothing across them; said once, loudly.
     */
    private void noticeEpoch(String epoch) {
        Position last = lastDelivered;
        if (last == null || last.epoch().equals(epoch)) {
            return;
        }
        if (pastEpochs.contains(epoch) && !warnedSeveralSequencers) {
            warnedSeveralSequencers = true;
            LOG.severe(() -> "longconn node " + settings.nodeId() + " receives pushes from two sequencers at once"
                    + " (epochs " + last.epoch() + " and " + epoch + "): its nodes are connected to different"
                    + " brokers; give them all the same longconn.sequencerUrl, or positions and resume cannot work");
        }
        pastEpochs.add(last.epoch());
        if (pastEpochs.size() > PAST_EPOCHS) {
            pastEpochs.remove(pastEpochs.iterator().next());
        }
    }
}
