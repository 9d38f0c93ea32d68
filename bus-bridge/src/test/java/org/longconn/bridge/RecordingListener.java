package org.longconn.bridge;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.longconn.api.bus.Position;
import org.longconn.api.push.Push;

/** Collects what a bridge delivers; tests take pushes with a timeout. */
final class RecordingListener implements ArtemisBridge.Listener {

    /**
     * A push, or a notice of missed pushes ({@code push} {@code null}, {@code position} the
     * {@code through} of {@link ArtemisBridge.Listener#onMissed}), in the order the bridge told them.
     */
    record Received(Push push, long publishedAt, Position position) {
        boolean isMissed() {
            return push == null;
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @Override
    public void onPush(Push push, long publishedAt, Position position) {
        received.add(new Received(push, publishedAt, position));
    }

    @Override
    public void onMissed(Position through) {
        received.add(new Received(null, 0, through));
    }

    /** How many pushes and notices wait to be taken. */
    int size() {
        return received.size();
    }

    Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            fail("no push within 10 s");
        }
        return next;
    }

    /** The pushes before the first one of {@code markerOpType}. */
    List<Push> until(String markerOpType) throws InterruptedException {
        List<Push> pushes = new ArrayList<>();
        for (Received next = next(); !next.push().opType().equals(markerOpType); next = next()) {
            pushes.add(next.push());
        }
        return pushes;
    }
}
