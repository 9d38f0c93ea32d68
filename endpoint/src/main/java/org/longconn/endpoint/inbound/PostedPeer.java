package org.longconn.endpoint.inbound;

import java.util.concurrent.CompletableFuture;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.session.Peer;

/**
 * The peer of one posted frame: its first answer is the request's outcome. Anything after it (a
 * broker's late refusal of a message already answered with 204) has no request left to go to.
 */
final class PostedPeer implements Peer {

    private final String id;
    private final String userId;
    private final CompletableFuture<PostedOutcome> outcome = new CompletableFuture<>();

    PostedPeer(String id, String userId) {
        this.id = id;
        this.userId = userId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public boolean send(OutboundFrame frame) {
        return outcome.complete(new PostedOutcome.Answered(frame));
    }

    @Override
    public boolean refuse(ErrorCode code, OutboundFrame error) {
        return outcome.complete(new PostedOutcome.Refused(code, error));
    }

    /** The frame was taken and needs no answer (unless one came already). */
    void accepted() {
        outcome.complete(new PostedOutcome.Accepted());
    }

    CompletableFuture<PostedOutcome> outcome() {
        return outcome;
    }

    @Override
    public String toString() {
        return "PostedFrame[" + id + (userId != null ? ", user " + userId : "") + "]";
    }
}
