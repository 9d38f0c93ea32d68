package org.longconn.endpoint.subscription;

import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Maps opTypes and patterns to subscribed session ids, and back. Thread-safe: registrations come
 * from sessions' inbound threads while pushes are matched on fan-out threads.
 */
public interface SubscriptionIndex {

    /**
     * Subscribes {@code sessionId} to {@code subscription}, an opType or pattern already validated.
     *
     * @return {@code false} if it was already subscribed
     */
    boolean register(String sessionId, String subscription);

    /** @return {@code false} if it was not subscribed */
    boolean unregister(String sessionId, String subscription);

    /** Removes every subscription of {@code sessionId}, at a cost proportional to their number. */
    void unregisterAll(String sessionId);

    /**
     * The sessions subscribed to the exact {@code opType}, directly or through patterns; each
     * session at most once. The result may be a live view: iterate it, do not keep it.
     */
    Collection<String> find(String opType);

    /**
     * Calls {@code action} once for each session subscribed to the exact {@code opType}, directly
     * or through patterns, without copying the exact subscribers (the fan-out's lookup: one per
     * push). Sessions that subscribe or unsubscribe meanwhile may or may not be visited.
     */
    void forEachSubscriber(String opType, Consumer<String> action);

    /** Whether {@code sessionId} holds {@code subscription} itself (an opType or pattern, compared as written). */
    boolean holds(String sessionId, String subscription);

    /** Whether {@code sessionId} is subscribed to the exact {@code opType}, directly or by a pattern. */
    boolean isSubscribed(String sessionId, String opType);

    /** How many subscriptions {@code sessionId} holds. */
    int subscriptionCount(String sessionId);

    /** The opTypes and patterns {@code sessionId} holds, as written (a snapshot). */
    Collection<String> subscriptionsOf(String sessionId);

    /**
     * {@link #forEachSubscriber} bound to this index itself, for the fan-out, which calls it once
     * per push: through the application-scoped bean's CDI client proxy each call would allocate an
     * interception context. (A method returning {@code this} would not do: Weld hands its proxy
     * back instead of the instance.)
     */
    default BiConsumer<String, Consumer<String>> subscriberWalk() {
        return this::forEachSubscriber;
    }
}
