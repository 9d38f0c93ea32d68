package org.longconn.endpoint.poll;

import org.longconn.api.OpTypes;
import org.longconn.api.event.PollRequest;

/** One polled opType as the {@link PollRequest} observers see it. */
record PollEvent(String pollId, String userId, String opType, String position) implements PollRequest {

    @Override
    public boolean isPattern() {
        return OpTypes.isPattern(opType);
    }
}
