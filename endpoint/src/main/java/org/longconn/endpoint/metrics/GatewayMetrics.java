package org.longconn.endpoint.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.longconn.endpoint.protocol.ErrorCode;

/**
 * The node's meters, one instance per node. The counters are made once, up front, so that
 * counting is a field read and an adder increment: no lookup, no lock, no allocation. Turned off
 * ({@link #off()}, setting {@code metrics=false}) every meter is a no-op and there is nothing to
 * scrape.
 *
 * <p>Names follow Prometheus conventions once exported ({@code longconn_deliveries_total},
 * {@code longconn_push_latency_seconds}); the README's table lists them all.
 */
public final class GatewayMetrics {

    /** Call outcomes counted by name; an application's own error codes count as {@code error}. */
    private static final Set<String> CALL_OUTCOMES = Set.of(
            "ok",
            "error",
            ErrorCode.TIMEOUT.wire(),
            ErrorCode.NO_HANDLER.wire(),
            ErrorCode.HANDLER_ERROR.wire(),
            ErrorCode.SERVICE_UNAVAILABLE.wire(),
            ErrorCode.INTERNAL_ERROR.wire());

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;

    private final Counter handshakesAccepted;
    private final Counter handshakesRefused;
    private final Counter pushesReceived;
    private final Counter deliveries;
    private final Counter deliveriesDropped;
    private final Counter pushesLostAfterCommit;
    private final Timer pushLatency;
    private final Counter resumesRecovered;
    private final Counter resumesLost;
    private final Map<ErrorCode, Counter> framesRefused = new EnumMap<>(ErrorCode.class);
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();

    private GatewayMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
        handshakesAccepted = handshakes("accepted");
        handshakesRefused = handshakes("refused");
        pushesReceived = Counter.builder("longconn.pushes.received")
                .description("pushes this node received from the bus (each once, whatever their number of recipients)")
                .register(registry);
        deliveries = Counter.builder("longconn.deliveries")
                .description("pushes queued for a session (one per push and session)")
                .register(registry);
        deliveriesDropped = Counter.builder("longconn.deliveries.dropped")
                .description("deliveries not queued because the session's outbox overflowed or was closing")
                .register(registry);
        pushesLostAfterCommit = Counter.builder("longconn.pushes.lost.after.commit")
                .description("pushes of committed transactions that the bus refused after the commit (lost)")
                .register(registry);
        pushLatency = Timer.builder("longconn.push.latency")
                .description("from a push's publish time until it was queued for this node's sessions, per push")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        resumesRecovered = resumes(true);
        resumesLost = resumes(false);
        for (ErrorCode code : ErrorCode.values()) {
            framesRefused.put(
                    code,
                    Counter.builder("longconn.frames.refused")
                            .description("client frames and polls answered with an error, by error code")
                            .tag("code", code.wire())
                            .register(registry));
        }
        for (String outcome : CALL_OUTCOMES) {
            calls.put(outcome, callTimer(outcome));
        }
    }

    /** Meters exported in the Prometheus format. */
    public static GatewayMetrics prometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new GatewayMetrics(prometheus, prometheus);
    }

    /** No meters: every count is a no-op (a composite registry without registries) and nothing is scraped. */
    public static GatewayMetrics off() {
        return new GatewayMetrics(new CompositeMeterRegistry(), null);
    }

    /** Whether the meters are kept (and scraped). */
    public boolean enabled() {
        return prometheus != null;
    }

    /** The Prometheus text format of every meter, or {@code null} when metrics are off. */
    public String scrape() {
        return prometheus == null ? null : prometheus.scrape();
    }

    /** Releases the meters (the node stops). */
    public void close() {
        registry.close();
    }

    private Counter handshakes(String outcome) {
        return Counter.builder("longconn.handshakes")
                .description("WebSocket handshakes and polls, accepted or refused (origin, hook, request checks)")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter resumes(boolean recovered) {
        return Counter.builder("longconn.resumes")
                .description("subscriptions (and polls) that asked to resume from a position, by outcome")
                .tag("recovered", Boolean.toString(recovered))
                .register(registry);
    }

    private Timer callTimer(String outcome) {
        return Timer.builder("longconn.calls")
                .description("client calls until their answer, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A handshake or poll request passed (or failed) the origin, request and application checks. */
    public void handshake(boolean accepted) {
        (accepted ? handshakesAccepted : handshakesRefused).increment();
    }

    /** One push from the bus reached this node, was queued for {@code queued} sessions and refused by {@code dropped}. */
    public void pushed(int queued, int dropped, long publishedAtMillis, long nowMillis) {
        pushesReceived.increment();
        if (queued > 0) {
            deliveries.increment(queued);
        }
        if (dropped > 0) {
            deliveriesDropped.increment(dropped);
        }
        pushLatency.record(Math.max(0, nowMillis - publishedAtMillis), TimeUnit.MILLISECONDS);
    }

    /** A push held for a transaction's commit was refused by the bus after the commit: it is lost. */
    public void lostAfterCommit() {
        pushesLostAfterCommit.increment();
    }

    /** A resume was answered: recovered, or not ({@code recovered: false}). */
    public void resumed(boolean recovered) {
        (recovered ? resumesRecovered : resumesLost).increment();
    }

    /** A client frame or poll was answered with {@code code}. */
    public void refused(ErrorCode code) {
        framesRefused.get(code).increment();
    }

    /** A call was answered after {@code nanos}; {@code outcome} is {@code ok} or the error code. */
    public void called(String outcome, long nanos) {
        Timer timer = calls.get(outcome);
        (timer != null ? timer : calls.get("error")).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A WebSocket session ended with close {@code code}. */
    public void closed(int code) {
        closes.computeIfAbsent(
                        code,
                        c -> Counter.builder("longconn.sessions.closed")
                                .description("WebSocket sessions ended, by close code")
                                .tag("code", Integer.toString(c))
                                .register(registry))
                .increment();
    }

    /** A value read when scraped: {@code read} applied to {@code source}. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> read) {
        Gauge.builder(name, source, read)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    /** A value read when scraped, with one tag. */
    public void gauge(String name, String description, String tag, String value, Supplier<Number> read) {
        Gauge.builder(name, read)
                .description(description)
                .tag(tag, value)
                .strongReference(true)
                .register(registry);
    }

    /**
     * A count that only grows, read when scraped: {@code read} applied to {@code source}, which the
     * caller keeps (the counter holds it weakly).
     */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, source, read).description(description).register(registry);
    }
}
