package org.longconn.endpoint.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.Disconnect;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.config.ConfigLookup;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.fanout.PushRouter;
import org.longconn.endpoint.fanout.WaitingPolls;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.SubscriptionIndex;

/**
 * Starts the node when the application starts (bus → router, idle reaper) and stops it before the
 * application goes away, telling every client to reconnect (it will find this node again after a
 * redeploy, or another node). The bus itself is stopped by its owner, {@link BusWiring}.
 */
@ApplicationScoped
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class.getName());
    static final long DEFAULT_DRAIN_WINDOW_MS = 10_000;
    static final long DEFAULT_DRAIN_DELAY_MS = 1_000;
    private static final Disconnect DRAINED =
            Disconnect.reconnect(CloseCodes.SHUTDOWN, "node draining: reconnect to another node");

    @Inject
    Bus bus;

    @Inject
    PushRouter router;

    @Inject
    DeliveryOrder order;

    @Inject
    IdleReaper reaper;

    @Inject
    ExpiryWatch expiries;

    @Inject
    GatewayScheduler scheduler;

    @Inject
    SessionRegistry sessions;

    @Inject
    GatewayConfig config;

    @Inject
    GatewayMetrics metrics;

    @Inject
    SubscriptionIndex index;

    @Inject
    WaitingPolls polls;

    private Future<?> reaping;
    private Future<?> watchingExpiries;

    /** Between start and the beginning of stop: the node takes sessions and should get traffic. */
    private volatile boolean serving;

    @Inject
    ConfigLookup lookup;

    /** Drained sessions are closed spread over this long; 0 closes them all at once. */
    private long drainWindowMs;
    /** The reconnect delay advised to a drained session's client. */
    private long drainDelayMs;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        GatewayConfig.Reader settings = new GatewayConfig.Reader(lookup::get);
        drainWindowMs = settings.nonNegative("drainWindowMs", DEFAULT_DRAIN_WINDOW_MS);
        drainDelayMs = settings.nonNegative("drainReconnectDelayMs", DEFAULT_DRAIN_DELAY_MS);
        bus.start(router.handler());
        reaping = scheduler.every(() -> reaper.reap(System.nanoTime()), reaper.scanPeriodMs());
        watchingExpiries = scheduler.every(() -> expiries.check(System.currentTimeMillis()), ExpiryWatch.PERIOD_MS);
        serving = true;
        bindGauges();
        LOG.info("longconn gateway started");
    }

    /** The values read when the metrics are scraped (never on the delivery path). */
    private void bindGauges() {
        SessionRegistry registry = sessions;
        metrics.gauge(
                "longconn.sessions.open",
                "WebSocket sessions open on this node",
                "transport",
                "websocket",
                () -> registry.size());
        metrics.gauge(
                "longconn.subscriptions",
                "subscriptions held by this node's sessions (opTypes and patterns)",
                index,
                subscriptions -> registry.all().stream()
                        .mapToInt(session -> subscriptions.subscriptionCount(session.id()))
                        .sum());
        metrics.gauge(
                "longconn.outbox.queued.frames",
                "frames queued in all sessions' outboxes, not yet written",
                registry,
                all -> all.all().stream()
                        .mapToInt(GatewaySession::queuedMessages)
                        .sum());
        metrics.gauge(
                "longconn.outbox.queued.frames.max",
                "frames queued in the fullest session outbox",
                registry,
                all -> all.all().stream()
                        .mapToInt(GatewaySession::queuedMessages)
                        .max()
                        .orElse(0));
        metrics.gauge("longconn.polls.waiting", "long-polls waiting for a push", polls, WaitingPolls::size);
        metrics.gauge(
                "longconn.bus.connected",
                "1 while pushes flow (connected to the broker, or the in-memory bus), else 0",
                bus,
                b -> b.state().flowing() ? 1 : 0);
        metrics.gauge(
                "longconn.history.bytes",
                "bytes of pushes kept for resume and polling",
                order,
                DeliveryOrder::historyBytes);
        metrics.gauge(
                "longconn.history.pushes", "pushes kept for resume and polling", order, DeliveryOrder::historyPushes);
    }

    /**
     * Whether the node has started and is not stopping: a load balancer should send it traffic
     * (with the bus's state, what {@code /health/ready} answers).
     */
    public boolean serving() {
        return serving;
    }

    /**
     * Drains this node: it turns unready and refuses new sessions and polls (503, {@code
     * node_unavailable}), and tells each open session to reconnect (4003) with the advised delay,
     * the sessions spread evenly over {@code drainWindowMs} so that their clients do not all land
     * on the other nodes at once. Returns at once; the node stays drained until it stops.
     *
     * @return how many sessions are told
     */
    public int drain() {
        serving = false;
        List<GatewaySession> open = List.copyOf(sessions.all());
        int count = open.size();
        for (int i = 0; i < count; i++) {
            GatewaySession session = open.get(i);
            scheduler.schedule(() -> session.disconnect(DRAINED, drainDelayMs), drainWindowMs * i / count);
        }
        LOG.info(() -> "longconn node draining: " + count + " sessions told to reconnect elsewhere over "
                + drainWindowMs + " ms; new sessions and polls are refused");
        return count;
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        serving = false;
        if (reaping != null) {
            reaping.cancel(false);
        }
        if (watchingExpiries != null) {
            watchingExpiries.cancel(false);
        }
        if (drainWindowMs > 0 && sessions.size() > 0) {
            drain();
            try {
                sessions.awaitEmpty(drainWindowMs + config.closeGraceMs() + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Disconnect shutdown = Disconnect.reconnect(CloseCodes.SHUTDOWN, "gateway shutting down");
        int count = 0;
        for (GatewaySession session : sessions.all()) {
            if (session.disconnect(shutdown)) {
                count++;
            }
        }
        int told = count;
        try {
            // Give clients the grace period to receive their disconnect frame, then close the rest.
            // A little past the grace period, so that sessions closed by their own grace timer are gone.
            if (!sessions.awaitEmpty(config.closeGraceMs() + 500)) {
                sessions.all().forEach(GatewaySession::closeNow);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sessions.all().forEach(GatewaySession::closeNow);
        }
        LOG.info(() -> "longconn gateway stopped; " + told + " sessions told to reconnect");
    }
}
