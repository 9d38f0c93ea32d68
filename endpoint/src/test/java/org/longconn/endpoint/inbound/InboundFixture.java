package org.longconn.endpoint.inbound;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.util.List;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.bus.InMemoryBus;
import org.longconn.endpoint.config.GatewayConfig;
import org.longconn.endpoint.config.HistoryConfig;
import org.longconn.endpoint.config.PresenceConfig;
import org.longconn.endpoint.config.SessionCaps;
import org.longconn.endpoint.fanout.DeliveryOrder;
import org.longconn.endpoint.fanout.PushRouter;
import org.longconn.endpoint.fanout.WaitingPolls;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.presence.ClusterPresence;
import org.longconn.endpoint.presence.RecordedPresenceEvents;
import org.longconn.endpoint.scheduling.GatewayScheduler;
import org.longconn.endpoint.session.FakeTransport;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.DefaultSubscriptionIndex;
import org.longconn.endpoint.subscription.UserSubscriptions;

/** An {@link InboundHandler} wired to real collaborators, a fake dispatcher and inline fake transports. */
final class InboundFixture {

    /** Shared by all inbound tests: daemon threads, thread-safe, nothing to reset between tests. */
    private static final GatewayScheduler SCHEDULER = new GatewayScheduler(config());

    private static final Jsonb JSONB = JsonbBuilder.create();

    final DefaultSubscriptionIndex index = new DefaultSubscriptionIndex();
    final SessionRegistry sessions = new SessionRegistry();
    final FakeEventDispatcher events = new FakeEventDispatcher();
    /** Delivers pushes to the fixture's sessions, with the history resumes replay from. */
    final WaitingPolls polls = new WaitingPolls(100);

    final DeliveryOrder order = new DeliveryOrder(HistoryConfig.defaults(), polls);
    final PushRouter router = new PushRouter(index, sessions, order);
    /** Counted for real, so that a test can read what the handler counted. */
    final GatewayMetrics metrics = GatewayMetrics.prometheus();

    /** The users' server-made subscriptions, which new sessions get. */
    final UserSubscriptions users = new UserSubscriptions();

    final ServerSubscriber serverSubscriber;

    /** Presence events fired, in order. */
    final RecordedPresenceEvents presenceEvents = new RecordedPresenceEvents();
    /** The control channel presence talks on. */
    final Bus bus;

    final ClusterPresence presence;

    final InboundHandler handler;
    /** Frames posted over polling, with the same collaborators. */
    final PostedFrames posted;

    InboundFixture() {
        this(config());
    }

    /** Node {@code nodeId} of a cluster whose control channel is {@code bus}. */
    InboundFixture(String nodeId, Bus bus) {
        this(
                config(),
                Forwarding.NONE,
                SessionCaps.none(),
                PresenceConfig.defaults().maxPresenceMembers(),
                nodeId,
                bus);
    }

    InboundFixture(GatewayConfig config) {
        this(config, Forwarding.NONE);
    }

    InboundFixture(GatewayConfig config, Forwarding forwarding) {
        this(config, forwarding, SessionCaps.none());
    }

    InboundFixture(GatewayConfig config, Forwarding forwarding, SessionCaps caps) {
        this(config, forwarding, caps, PresenceConfig.defaults().maxPresenceMembers());
    }

    /** With at most {@code maxPresenceMembers} listed in a presence snapshot. */
    InboundFixture(GatewayConfig config, Forwarding forwarding, SessionCaps caps, int maxPresenceMembers) {
        this(config, forwarding, caps, maxPresenceMembers, "node-a", new InMemoryBus());
    }

    private InboundFixture(
            GatewayConfig config,
            Forwarding forwarding,
            SessionCaps caps,
            int maxPresenceMembers,
            String nodeId,
            Bus bus) {
        this.bus = bus;
        TrafficHandler traffic = new TrafficHandler(config, events, forwarding, SCHEDULER, JSONB, metrics);
        presence = new ClusterPresence(
                bus, nodeId, config, new PresenceConfig(maxPresenceMembers), SCHEDULER, presenceEvents);
        SubscriptionService subscriptions = new SubscriptionService(index, events, config, order, metrics, presence);
        serverSubscriber = new ServerSubscriber(subscriptions, order, users, SCHEDULER);
        handler = new InboundHandler(
                config,
                sessions,
                index,
                subscriptions,
                events,
                traffic,
                new SessionRefresh(events, traffic),
                serverSubscriber,
                SCHEDULER,
                metrics,
                caps);
        posted = new PostedFrames(config, traffic);
    }

    /**
     * Small limits: frames of 256 bytes, 3 subscriptions, opTypes of 32 characters, 3 bad frames a
     * minute, a generous rate, and timeouts long enough never to fire unless a test asks.
     */
    static GatewayConfig config() {
        return config(1_000, 3, 60_000);
    }

    static GatewayConfig config(int maxFramesPerSecond, int maxBadFrames, long callTimeoutMs) {
        return new GatewayConfig(
                256,
                3,
                32,
                100,
                1_000_000,
                60_000,
                25_000,
                callTimeoutMs,
                maxFramesPerSecond,
                maxBadFrames,
                60_000,
                10_000,
                1024 * 1024);
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    Client open(String userId) {
        return open(userId, 0);
    }

    /** A client whose credentials expire at {@code expiresAtMs} (0: never). */
    Client open(String userId, long expiresAtMs) {
        FakeTransport transport = FakeTransport.inline();
        return new Client(handler.opened(transport, userId, expiresAtMs, List.of()), transport);
    }

    /** One connected client. */
    final class Client {
        final GatewaySession session;
        final FakeTransport transport;

        Client(GatewaySession session, FakeTransport transport) {
            this.session = session;
            this.transport = transport;
        }

        /** Sends {@code text} and returns the frames it caused, parsed. */
        List<JsonObject> send(String text) {
            int before = transport.texts().size();
            handler.onText(session, text);
            return transport.texts().subList(before, transport.texts().size()).stream()
                    .map(InboundFixture::json)
                    .toList();
        }

        /** Sends {@code text} and returns the one frame it caused, parsed. */
        JsonObject answer(String text) {
            List<JsonObject> answers = send(text);
            if (answers.size() != 1) {
                throw new AssertionError("expected one answer to " + text + ", got " + answers);
            }
            return answers.get(0);
        }

        List<String> texts() {
            return transport.texts();
        }
    }
}
