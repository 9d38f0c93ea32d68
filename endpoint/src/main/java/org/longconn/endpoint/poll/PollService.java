package org.longconn.endpoint.poll;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.OpTypes;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.PollConfig;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.inbound.EventDispatcher;
import org.longconn.endpoint.inbound.SubscriptionService;
import org.longconn.endpoint.protocol.ErrorCode;
import org.longconn.endpoint.protocol.SubscriptionResult;
import org.longconn.endpoint.scheduling.GatewayScheduler;

/**
 * Answers polls. Each polled opType passes the same checks as a {@code subscribe} (syntax, then
 * the application's {@link org.longconn.api.event.SubscriptionRequest} observers, asked on every
 * poll since polls keep nothing), then fires a {@link org.longconn.api.event.PollRequest}; the
 * poll is then answered from the push history, at once or after waiting (see {@link PendingPoll}).
 */
@ApplicationScoped
public class PollService {

    private static final Logger LOG = Logger.getLogger(PollService.class.getName());

    private GatewayConfig config;
    private PollConfig pollConfig;
    private SubscriptionService subscriptions;
    private EventDispatcher events;
    private DeliveryOrder order;
    private GatewayScheduler scheduler;

    /** For CDI proxies only. */
    protected PollService() {}

    @Inject
    public PollService(
            GatewayConfig config,
            PollConfig pollConfig,
            SubscriptionService subscriptions,
            EventDispatcher events,
            DeliveryOrder order,
            GatewayScheduler scheduler) {
        this.config = config;
        this.pollConfig = pollConfig;
        this.subscriptions = subscriptions;
        this.events = events;
        this.order = order;
        this.scheduler = scheduler;
    }

    /**
     * Reads a poll from its query parameters, with this node's limits.
     *
     * @throws PollException when the request as a whole is malformed
     */
    public Poll parse(Map<String, String[]> query) throws PollException {
        return Poll.parse(query, pollConfig.waitMs(), config.maxSubscriptions());
    }

    /**
     * Answers {@code poll} of {@code userId} through {@code exchange}, exactly once: at once when
     * there is something to tell, else when a push arrives that it may need or its wait ends.
     *
     * @return the poll, which the transport tells when its client goes away
     */
    public PendingPoll poll(Poll poll, String userId, PollExchange exchange) {
        String id = "poll-" + UUID.randomUUID();
        List<PendingPoll.Checked> checked = new ArrayList<>(poll.subscriptions().size());
        for (Poll.Subscription subscription : poll.subscriptions()) {
            String problem = OpTypes.validatePattern(subscription.opType(), config.maxOpTypeLength());
            SubscriptionResult result = problem != null
                    ? SubscriptionResult.failed(subscription.opType(), ErrorCode.INVALID_OP_TYPE, problem)
                    : subscriptions.check(id, userId, subscription.opType());
            checked.add(new PendingPoll.Checked(subscription, result));
        }
        for (PendingPoll.Checked one : checked) {
            if (!one.result().isOk()) {
                continue;
            }
            Poll.Subscription subscription = one.subscription();
            try {
                events.poll(new PollEvent(id, userId, subscription.opType(), subscription.position()));
            } catch (RuntimeException e) {
                // The observer's failure is the application's: the poll itself is answered as usual.
                LOG.log(Level.WARNING, "poll observer for '" + subscription.opType() + "' failed for " + id, e);
            }
        }
        PendingPoll pending = new PendingPoll(
                id,
                userId,
                poll.waitMs(),
                checked,
                exchange,
                new PendingPoll.Node(order, scheduler, pollConfig.maxPushes(), config.outboxMaxBytes() / 2));
        pending.start();
        return pending;
    }
}
