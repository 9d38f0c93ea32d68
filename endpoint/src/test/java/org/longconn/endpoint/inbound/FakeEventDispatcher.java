package org.longconn.endpoint.inbound;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.longconn.api.event.ClientCall;
import org.longconn.api.event.ClientMessage;
import org.longconn.api.event.PollRequest;
import org.longconn.api.event.RefreshRequest;
import org.longconn.api.event.SessionClosed;
import org.longconn.api.event.SessionOpened;
import org.longconn.api.event.SubscriptionRequest;

/** Stands in for CDI: records events, runs call handlers registered per opType, one subscription observer. */
final class FakeEventDispatcher extends EventDispatcher {

    final List<ClientMessage> messages = new CopyOnWriteArrayList<>();
    final List<SessionOpened> opened = new CopyOnWriteArrayList<>();
    final List<SessionClosed> closed = new CopyOnWriteArrayList<>();
    final List<SubscriptionRequest> subscriptionRequests = new CopyOnWriteArrayList<>();
    final List<PollRequest> polls = new CopyOnWriteArrayList<>();
    private volatile Consumer<PollRequest> pollObserver = request -> {};
    private final Map<String, Consumer<ClientCall>> callHandlers = new ConcurrentHashMap<>();
    private volatile Consumer<SubscriptionRequest> subscriptionObserver = request -> {};
    private volatile Consumer<RefreshRequest> refreshObserver = request -> {};

    void onRefresh(Consumer<RefreshRequest> observer) {
        refreshObserver = observer;
    }

    @Override
    public void refresh(RefreshRequest request) {
        refreshObserver.accept(request);
    }

    void onCall(String opType, Consumer<ClientCall> handler) {
        callHandlers.put(opType, handler);
    }

    void onPoll(Consumer<PollRequest> observer) {
        pollObserver = observer;
    }

    void onSubscription(Consumer<SubscriptionRequest> observer) {
        subscriptionObserver = observer;
    }

    @Override
    public void message(ClientMessage message) {
        messages.add(message);
    }

    @Override
    public boolean call(ClientCall call) {
        Consumer<ClientCall> handler = callHandlers.get(call.opType());
        if (handler == null) {
            return false;
        }
        handler.accept(call);
        return true;
    }

    @Override
    public void subscription(SubscriptionRequest request) {
        subscriptionRequests.add(request);
        subscriptionObserver.accept(request);
    }

    @Override
    public void poll(PollRequest request) {
        polls.add(request);
        pollObserver.accept(request);
    }

    private volatile Consumer<SessionOpened> openedObserver = event -> {};

    void onOpened(Consumer<SessionOpened> observer) {
        openedObserver = observer;
    }

    @Override
    public void opened(SessionOpened event) {
        opened.add(event);
        openedObserver.accept(event);
    }

    @Override
    public void closed(SessionClosed event) {
        closed.add(event);
    }
}
