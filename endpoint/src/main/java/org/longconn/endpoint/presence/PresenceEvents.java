package org.longconn.endpoint.presence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.longconn.api.event.PresenceJoined;
import org.longconn.api.event.PresenceLeft;

/** Fires joins and leaves to the application's observers, with a request context active for them. */
@ApplicationScoped
public class PresenceEvents {

    @Inject
    Event<PresenceJoined> joined;

    @Inject
    Event<PresenceLeft> left;

    @ActivateRequestContext
    public void joined(PresenceJoined event) {
        joined.fire(event);
    }

    @ActivateRequestContext
    public void left(PresenceLeft event) {
        left.fire(event);
    }
}
