package org.longconn.endpoint.presence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.longconn.api.event.PresenceJoined;
import org.longconn.api.event.PresenceLeft;

/** Presence events kept in the order they were fired, instead of going to CDI observers. */
public class RecordedPresenceEvents extends PresenceEvents {

    /** {@link PresenceJoined} and {@link PresenceLeft} events, in order. */
    public final List<Object> fired = new CopyOnWriteArrayList<>();

    @Override
    public void joined(PresenceJoined event) {
        fired.add(event);
    }

    @Override
    public void left(PresenceLeft event) {
        fired.add(event);
    }
}
