package org.longconn.endpoint.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what an outbox reports about the end of its life. */
final class RecordingListener implements Outbox.Listener {

    final AtomicInteger finished = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void finished() {
        finished.incrementAndGet();
    }

    @Override
    public void sendFailed(Throwable failure) {
        failures.add(failure);
    }
}
