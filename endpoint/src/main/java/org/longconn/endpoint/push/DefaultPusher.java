package org.longconn.endpoint.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.longconn.api.OpTypes;
import org.longconn.api.push.JsonValues;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.Pusher;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.config.GatewayConfig;

/**
 * Validates a push, serializes its data once, and publishes it on the bus: at once, or, inside a
 * JTA transaction, when it commits ({@link TransactionalPushes}).
 */
@ApplicationScoped
public class DefaultPusher implements Pusher {

    /** How long the synchronous calls wait for the broker's confirmation. */
    static final long CONFIRM_TIMEOUT_MS = 10_000;

    private Bus bus;
    private Jsonb jsonb;
    private GatewayConfig config;
    private TransactionalPushes transactions;

    /** For CDI proxies only. */
    protected DefaultPusher() {}

    @Inject
    public DefaultPusher(Bus bus, Jsonb jsonb, GatewayConfig config, TransactionalPushes transactions) {
        this.bus = bus;
        this.jsonb = jsonb;
        this.config = config;
        this.transactions = transactions;
    }

    @Override
    public void push(Push push) {
        check(push);
        publishAndWait(push);
    }

    @Override
    public CompletionStage<Void> pushAsync(Push push) {
        check(push);
        return transactions.inTransaction() ? transactions.afterCommit(push, bus::publish) : bus.publish(push);
    }

    @Override
    public void push(String opType, Object data) {
        publish(Push.of(opType, serialize(data)));
    }

    @Override
    public void pushToUser(String userId, String opType, Object data) {
        publish(Push.toUser(userId, opType, serialize(data)));
    }

    @Override
    public void pushToSession(String sessionId, String opType, Object data) {
        publish(Push.toSession(sessionId, opType, serialize(data)));
    }

    /** A push of JSON-B's making: only its opType needs checking. */
    private void publish(Push push) {
        checkOpType(push.opType());
        publishAndWait(push);
    }

    /**
     * Publishes and waits for the bus, so that the synchronous calls keep their contract; inside
     * a transaction, hands the push over for the commit and returns.
     */
    private void publishAndWait(Push push) {
        if (transactions.inTransaction()) {
            transactions.afterCommit(push, bus::publish);
        } else {
            await(bus.publish(push), push);
        }
    }

    private void check(Push push) {
        checkOpType(push.opType());
        if (push.payload() instanceof PushPayload.Json json) {
            checkJson(json.json());
        }
    }

    /** Waits for the bus's answer, so that the synchronous calls keep their contract. */
    private static void await(CompletionStage<Void> accepted, Push push) {
        try {
            accepted.toCompletableFuture().get(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PushException failure) {
                throw failure;
            }
            throw new PushException("the bus did not accept the push for '" + push.opType() + "'", e.getCause());
        } catch (TimeoutException e) {
            throw new PushException("the broker did not confirm the push for '" + push.opType() + "' within "
                    + CONFIRM_TIMEOUT_MS + " ms; it may or may not be delivered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushException("interrupted while waiting for the bus to accept the push for '" + push.opType()
                    + "'; it may or may not be delivered");
        }
    }

    private PushPayload.Json serialize(Object data) {
        return new PushPayload.Json(data == null ? "null" : jsonb.toJson(data));
    }

    private void checkOpType(String opType) {
        String problem = OpTypes.validateExact(opType, config.maxOpTypeLength());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Raw JSON is embedded verbatim in every recipient's frame, so it is checked once here. */
    private static void checkJson(String json) {
        String problem = JsonValues.problem(json);
        if (problem != null) {
            throw new IllegalArgumentException("push payload is not one valid JSON value: " + problem);
        }
    }
}
