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
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.api.event.SubscriptionRequest;

/**
 * Fires the gateway's CDI events. WebSocket callbacks run outside any request, so each method
 * activates a request context for its observers (a {@code @RequestScoped} bean they use lives for
 * the one event).
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

    @ActivateRequestContext
    public void subscription(SubscriptionRequest request) {
        subscriptions.select(OpType.Literal.of(request.opType())).fire(request);
    }

    @ActivateRequestContext
    public void poll(PollRequest request) {
        polls.select(OpType.Literal.of(request.opType())).fire(request);
    }

    @ActivateRequestContext
    public void opened(SessionOpened event) {
        opened.fire(event);
    }

    @ActivateRequestContext
    public void closed(SessionClosed event) {
        closed.fire(event);
    }
}
