package org.longconn.endpoint.inbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import org.longconn.api.OpType;
import org.longconn.api.event.ClientCall;
import org.longconn.api.event.ClientMessage;
import org.longconn.api.event.PollRequest;
import org.longconn.api.event.RefreshRequest;
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.api.event.SubscriptionRequest;

/**
 * Fires the gateway's CDI events. WebSocket callbacks run outside any request, so each method
 * activates a request context for its observers (a {@code @RequestScoped} bean they use lives for
 * the one event). Events of every session (opened, closed, subscription requests) are fired only
 * when the application observes them: a deployment without such observers pays neither the
 * context nor the event on every connect and subscribe.
 */
@ApplicationScoped
public class EventDispatcher {

    @Inject
    Event<ClientMessage> messages;

    @Inject
    Event<ClientCall> calls;

    @Inject
    Event<SubscriptionRequest> subscriptions;

    @Inject
    Event<PollRequest> polls;

    @Inject
    Event<RefreshRequest> refreshes;

    @Inject
    Event<SessionOpened> opened;

    @Inject
    Event<SessionClosed> closed;

    @Inject
    BeanManager beanManager;

    @ActivateRequestContext
    public void message(ClientMessage message) {
        messages.select(OpType.Literal.of(message.opType())).fire(message);
    }

    /**
     * Fires {@code call} to its observers.
     *
     * @return {@code false} when no observer exists for its opType (nothing was fired)
     */
    @ActivateRequestContext
    public boolean call(ClientCall call) {
        OpType qualifier = OpType.Literal.of(call.opType());
        // Only synchronous observers can answer within this fire; @ObservesAsync ones never see it.
        if (beanManager.resolveObserverMethods(call, qualifier).stream().allMatch(ObserverMethod::isAsync)) {
            return false;
        }
        calls.select(qualifier).fire(call);
        return true;
    }

    public void subscription(SubscriptionRequest request) {
        OpType qualifier = OpType.Literal.of(request.opType());
        if (!beanManager.resolveObserverMethods(request, qualifier).isEmpty()) {
            fireSubscription(request, qualifier);
        }
    }

    // Called on this bean, which Weld intercepts as well: the context is active for the observers.
    @ActivateRequestContext
    void fireSubscription(SubscriptionRequest request, OpType qualifier) {
        subscriptions.select(qualifier).fire(request);
    }

    /** Fires a client's new token to the {@link RefreshRequest} observers. */
    @ActivateRequestContext
    public void refresh(RefreshRequest request) {
        refreshes.fire(request);
    }

    @ActivateRequestContext
    public void poll(PollRequest request) {
        polls.select(OpType.Literal.of(request.opType())).fire(request);
    }

    public void opened(SessionOpened event) {
        if (observed(event)) {
            fireOpened(event);
        }
    }

    @ActivateRequestContext
    void fireOpened(SessionOpened event) {
        opened.fire(event);
    }

    public void closed(SessionClosed event) {
        if (observed(event)) {
            fireClosed(event);
        }
    }

    @ActivateRequestContext
    void fireClosed(SessionClosed event) {
        closed.fire(event);
    }

    /** Whether any observer (of any qualifier set: they are fired without one) takes {@code event}. */
    private boolean observed(Object event) {
        return !beanManager.resolveObserverMethods(event).isEmpty();
    }
}
