package org.longconn.endpoint.session;

import java.util.ArrayList;
import java.util.List;

/** A closer that only records what it is asked to run; the test runs it when it chooses. */
public final class ManualCloser implements GatewaySession.Closer {

    private final List<Runnable> soon = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();

    @Override
    public synchronized void closeSoon(Runnable close) {
        soon.add(close);
    }

    @Override
    public synchronized void closeLater(Runnable close) {
        later.add(close);
    }

    /** Hand-offs run at once: the fake transports hold no container lock. */
    @Override
    public void handOff(Runnable drain) {
        drain.run();
    }

    public synchronized int soonCount() {
        return soon.size();
    }

    public synchronized int laterCount() {
        return later.size();
    }

    /** Runs and forgets the closes asked for "soon". */
    public void runSoon() {
        for (Runnable close : take(soon)) {
            close.run();
        }
    }

    /** Runs and forgets the closes asked for "after the grace period". */
    public void runLater() {
        for (Runnable close : take(later)) {
            close.run();
        }
    }

    private synchronized List<Runnable> take(List<Runnable> from) {
        List<Runnable> taken = new ArrayList<>(from);
        from.clear();
        return taken;
    }
}
