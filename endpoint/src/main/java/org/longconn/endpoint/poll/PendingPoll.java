package org.longconn.endpoint.poll;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.longconn.api.bus.Position;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.fanout.WaitingPolls;
import org.longconn.endpoint.history.PushHistory;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.FrameEncoder;
import org.longconn.endpoint.protocol.OutboundFrame;
import org.longconn.endpoint.protocol.SubscriptionResult;
import org.longconn.endpoint.scheduling.GatewayScheduler;

/**
 * One poll from its arrival to its answer. It is answered at once when there is something to
 * tell: missed pushes, a position for an opType polled for the first time, a {@code recovered:
 * false}, or a poll that does not wait. A resume the node cannot decide yet (see {@link
 * #undecided}) is no news: it waits like a recovered one. Otherwise it waits among the {@link WaitingPolls} until a
 * push arrives that it may need (then it looks again, and answers or goes on waiting) or its wait
 * ends (then it answers with nothing new and the positions moved on).
 *
 * <p>Looking in the history and starting to wait happen in one step of the node's {@link
 * DeliveryOrder}, so a push is either in the history when the poll looks, or wakes it: none falls
 * in between. Answers
 * are written on the container's threads, never on the delivery thread, and exactly once.
 */
public final class PendingPoll implements DeliveryOrder.Looking<PendingPoll.Answer> {

    /** What a poll needs of its node. */
    record Node(DeliveryOrder order, GatewayScheduler scheduler, int maxPushes, long maxBytes) {}

    /** The HTTP answer to a poll. */
    record Answer(int status, String body) {}

    /** The answer when the client is gone: nobody reads it, and {@link #respond} drops it. */
    private static final Answer NONE = new Answer(0, "");

    private final String id;
    private final String user;
    private final long waitMs;
    private final List<Checked> checked;
    /** The admitted opTypes. */
    private final List<String> opTypes;
    /** Each admitted opType's position as the client sent it ({@code null} values on a first poll). */
    private final Map<String, String> positions = new HashMap<>();

    private final List<PushHistory.Resume> resumes;
    private final PollExchange exchange;
    private final Node node;
    private final AtomicBoolean answered = new AtomicBoolean();
    /** Set when the wait is over, before the poll leaves the waiting ones: its next look answers. */
    private volatile boolean expired;

    private volatile Future<?> timer;

    /** One polled opType and the outcome of its checks. */
    record Checked(Poll.Subscription subscription, SubscriptionResult result) {}

    PendingPoll(String id, String user, long waitMs, List<Checked> checked, PollExchange exchange, Node node) {
        this.id = id;
        this.user = user;
        this.waitMs = waitMs;
        this.checked = checked;
        List<Poll.Subscription> admitted = checked.stream()
                .filter(c -> c.result().isOk())
                .map(Checked::subscription)
                .toList();
        admitted.forEach(s -> positions.put(s.opType(), s.position()));
        this.opTypes = admitted.stream().map(Poll.Subscription::opType).toList();
        this.resumes = admitted.stream()
                .filter(s -> s.position() != null)
                .map(s -> new PushHistory.Resume(s.opType(), s.position()))
                .toList();
        this.exchange = exchange;
        this.node = node;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public List<String> subscriptions() {
        return opTypes;
    }

    @Override
    public List<PushHistory.Resume> resumes() {
        return resumes;
    }

    @Override
    public int maxPushes() {
        return node.maxPushes();
    }

    @Override
    public long maxBytes() {
        return node.maxBytes();
    }

    /** Answers now, or starts to wait (on the calling request thread). */
    void start() {
        Answer answer = node.order().lookOrWait(this);
        if (answer == null) {
            timer = node.scheduler().schedule(this::expire, waitMs);
            if (answered.get()) {
                timer.cancel(false);
            }
        } else {
            respond(answer);
        }
    }

    /** A push arrived that this poll may need; runs in the delivery order, so it only hands over. */
    @Override
    public void wake() {
        exchange.runLater(this::lookAgain);
    }

    /** The client went away or the request failed: stop waiting, answer nothing. */
    public void gone() {
        if (answered.getAndSet(true)) {
            return; // answered already (the usual end): it waits nowhere, no need for the delivery order
        }
        cancelTimer();
        node.order().stopWaiting(this);
    }

    private void lookAgain() {
        Answer answer = node.order().lookOrWait(this);
        if (answer != null) {
            respond(answer);
        }
    }

    private void expire() {
        expired = true;
        // Not waiting: woken meanwhile, and the look that follows sees the wait is over.
        if (node.order().stopWaiting(this)) {
            exchange.runLater(() -> respond(node.order().lookOrWait(this)));
        }
    }

    /** In the delivery order: the answer to give now, or {@code null} to wait. */
    @Override
    public Answer answer(Position now, PushHistory.Page<OutboundFrame> page) {
        if (answered.get()) {
            return NONE; // the client is gone: nothing to answer, nothing to wait for
        }
        boolean nothingToTell = !opTypes.isEmpty()
                && resumes.size() == opTypes.size()
                && page.frames().isEmpty()
                && page.lost().stream().allMatch(opType -> undecided(opType, now));
        if (!expired && waitMs > 0 && nothingToTell) {
            return null;
        }
        return new Answer(200, FrameEncoder.pollAnswer(results(now, page), page.frames(), page.more()));
    }

    @Override
    public Answer tooManyWaiting() {
        return new Answer(
                503,
                FrameEncoder.error(
                                ErrorCode.TOO_MANY_POLLS,
                                "this node holds as many waiting polls as it may; poll again after the Retry-After delay",
                                null)
                        .text());
    }

    /**
     * Each admitted opType with the position to poll from next: after a recovered resume, where
     * the page ends (or the client's own position, when it came from a node that is ahead); on a
     * first poll or a lost resume, the node's position now.
     */
    private List<SubscriptionResult> results(Position now, PushHistory.Page<OutboundFrame> page) {
        List<SubscriptionResult> results = new ArrayList<>(checked.size());
        for (Checked one : checked) {
            SubscriptionResult result = one.result();
            String position = one.subscription().position();
            if (!result.isOk()) {
                results.add(result);
            } else if (position == null) {
                results.add(result.at(now.wire(), null));
            } else if (!page.recovered(result.opType())) {
                results.add(undecided(result.opType(), now) ? result.at(position, null) : result.at(now.wire(), false));
            } else {
                results.add(result.at(
                        later(Position.parse(position), page.through()).wire(), true));
            }
        }
        return results;
    }

    /**
     * For a lost resume of {@code opType}: whether the history cannot vouch for its position
     * although nothing happened here since it: the client's position is this node's own, but the
     * node has seen no push yet, or its feed is interrupted. The next push decides; until then the poll waits, and when its
     * wait ends it is answered without {@code recovered}, its position unchanged.
     */
    private boolean undecided(String opType, Position now) {
        return now.wire().equals(positions.get(opType));
    }

    private static Position later(Position client, Position through) {
        return client != null ? client.laterOf(through) : through;
    }

    private void respond(Answer answer) {
        if (answered.compareAndSet(false, true)) {
            cancelTimer();
            exchange.answer(answer.status(), answer.body());
        }
    }

    private void cancelTimer() {
        Future<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "PendingPoll[" + id + (user != null ? ", user " + user : "") + ", " + opTypes + "]";
    }
}
