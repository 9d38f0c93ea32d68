package org.longconn.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longconn.api.bus.BusFormat;
import org.longconn.api.bus.Position;
import org.longconn.api.bus.PushPublisher;
import org.longconn.api.push.Push;
import org.longconn.api.push.PushException;
import org.longconn.api.push.PushPayload;
import org.longconn.api.push.PushTarget;

/** Two gateway nodes' bridges on one real broker, and what happens when the broker goes away. */
class ArtemisBridgeTest {

    private static final long DEADLINE_NANOS = 30_000_000_000L;
    private static final long POLL_NANOS = 20_000_000L;

    private final RecordingListener nodeA = new RecordingListener();
    private final RecordingListener nodeB = new RecordingListener();
    private TestBroker broker;
    private ArtemisBridge bridgeA;
    private ArtemisBridge bridgeB;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {bridgeA, bridgeB, broker}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private ArtemisBridge bridge(String node, RecordingListener listener) {
        return bridge(node, listener, BridgeSettings.DEFAULT_REPLAY_BATCHES);
    }

    private ArtemisBridge bridge(String node, RecordingListener listener, long replayBatches) {
        ArtemisBridge bridge = new ArtemisBridge(
                new BridgeSettings(
                        broker.url(), null, null, BusFormat.DEFAULT_PUSH_ADDRESS, node, 128, null, null, replayBatches),
                listener);
        bridge.start();
        return bridge;
    }

    private void startTwoNodes() throws Exception {
        broker = new TestBroker().start();
        bridgeA = bridge("a", nodeA);
        bridgeB = bridge("b", nodeB);
        await(() -> bridgeA.isConnected() && bridgeB.isConnected(), "both nodes connected");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 30 s: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS); // polling with a deadline: the state has no event to wait on
        }
    }

    private static Push json(String opType, String json) {
        return Push.of(opType, new PushPayload.Json(json));
    }

    @Test
    void aPushFromAnOutsideJmsPublisherReachesEveryNodeOnce() throws Exception {
        startTwoNodes();
        try (PushPublisher outside = new PushPublisher(new ActiveMQConnectionFactory(broker.url()))) {
            outside.publish(Push.toUser("alice", "inbox.new", new PushPayload.Json("{\"unread\":3}")), 1234L);
            outside.publish(json("marker", "null"));
        }
        for (RecordingListener node : List.of(nodeA, nodeB)) {
            List<Push> pushes = node.until("marker");
            assertEquals(List.of(Push.toUser("alice", "inbox.new", new PushPayload.Json("{\"unread\":3}"))), pushes);
        }
    }

    @Test
    void everyNodeSeesTheSamePushesInTheSameOrderWithTheSameContiguousPositions() throws Exception {
        startTwoNodes();
        int count = 60;
        try (PushPublisher outside = new PushPublisher(new ActiveMQConnectionFactory(broker.url()))) {
            for (int i = 0; i < count; i++) {
                // Three publishers interleaved: both nodes and an outside service.
                Push push = json("seq.test", Integer.toString(i));
                switch (i % 3) {
                    case 0 -> bridgeA.publish(push);
                    case 1 -> bridgeB.publish(push);
                    default -> outside.publish(push);
                }
            }
        }
        List<RecordingListener.Received> onA = new ArrayList<>();
        List<RecordingListener.Received> onB = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            onA.add(nodeA.next());
            onB.add(nodeB.next());
        }
        String epoch = onA.get(0).position().epoch();
        for (int i = 0; i < count; i++) {
            assertEquals(new Position(epoch, i + 1), onA.get(i).position(), "contiguous from 1 in one epoch");
            assertEquals(onA.get(i).position(), onB.get(i).position());
            assertEquals(onA.get(i).push(), onB.get(i).push(), "the same push at the same position on both nodes");
        }
    }

    @Test
    void manyAsynchronousPublishesAreConfirmedAndStampedInBatchesInPublishOrder() throws Exception {
        startTwoNodes();
        int count = 5_000;
        List<CompletableFuture<Void>> confirmations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            confirmations.add(
                    bridgeA.publish(json("burst", Integer.toString(i))).toCompletableFuture());
        }
        CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (RecordingListener node : List.of(nodeA, nodeB)) {
            RecordingListener.Received first = node.next();
            assertEquals(new Position(first.position().epoch(), 1), first.position());
            assertEquals(json("burst", "0"), first.push());
            for (int i = 1; i < count; i++) {
                RecordingListener.Received received = node.next();
                // One publisher: its order is the bus's order, with no gap and no repeat.
                assertEquals(json("burst", Integer.toString(i)), received.push());
                assertEquals(new Position(first.position().epoch(), i + 1), received.position());
            }
        }
    }

    @Test
    void theCallersThreadNeverTouchesTheBrokerClientsNetworkLayer() throws Exception {
        startTwoNodes();
        // A container's request thread outlives the application: Netty's per-thread caches on it
        // would keep the undeployed gateway's classes (GlassFish reports them as leaks).
        CompletableFuture<Boolean> cachesOnCaller = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                bridgeA.publish(json("from.request", "1")).toCompletableFuture().get(30, TimeUnit.SECONDS);
                bridgeA.sendControl("{\"type\":\"test\"}");
                cachesOnCaller.complete(io.netty.util.internal.InternalThreadLocalMap.getIfSet() != null);
            } catch (Exception | AssertionError e) {
                cachesOnCaller.completeExceptionally(e);
            }
        });
        caller.start();
        assertEquals(false, cachesOnCaller.get(30, TimeUnit.SECONDS), "Netty's thread-local map on the caller");
        caller.join(30_000);
        assertEquals(json("from.request", "1"), nodeB.next().push(), "and the push went out");
    }

    @Test
    void closingLeavesNoNettyCacheOnTheClosingThreadAndNoBridgeThreadAlive() throws Exception {
        broker = new TestBroker().start();
        bridgeA = bridge("closing", nodeA);
        await(bridgeA::isConnected, "node connected");
        bridgeA.publish(json("before.close", "1")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(json("before.close", "1"), nodeA.next().push(), "the node sequences: every thread is at work");
        // Undeploying closes the bridge on a container thread, which outlives the application.
        CompletableFuture<Boolean> cachesOnCloser = new CompletableFuture<>();
        Thread undeploying = new Thread(() -> {
            try {
                bridgeA.close();
                cachesOnCloser.complete(io.netty.util.internal.InternalThreadLocalMap.getIfSet() != null);
            } catch (RuntimeException | Error e) {
                cachesOnCloser.completeExceptionally(e);
            }
        });
        undeploying.start();
        assertEquals(false, cachesOnCloser.get(30, TimeUnit.SECONDS), "Netty's thread-local map on the closer");
        undeploying.join(30_000);
        List<String> alive = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("longconn-") && name.endsWith("-closing"))
                .toList();
        assertEquals(List.of(), alive, "the bridge's threads once close() returned");
    }

    @Test
    void whenTheSequencingNodeGoesTheNextGoesOnInTheSameEpochWithoutLosingAPush() throws Exception {
        broker = new TestBroker().start();
        bridgeA = bridge("a", nodeA);
        await(bridgeA::isConnected, "node a connected"); // first consumer: a holds the exclusive subscription
        bridgeB = bridge("b", nodeB);
        await(bridgeB::isConnected, "node b connected");
        bridgeB.publish(json("fo.one", "1"));
        Position first = nodeB.next().position();
        assertEquals(first, nodeA.next().position());

        bridgeA.close();
        bridgeB.publish(json("fo.two", "2"));
        RecordingListener.Received after = nodeB.next();
        assertEquals("fo.two", after.push().opType());
        assertEquals(
                new Position(first.epoch(), first.seq() + 1),
                after.position(),
                "the successor read the last position stamped and went on after it");
    }

    @Test
    void pushesPublishedWhileNoNodeIsOnTheBusWaitForTheFirstThatComes() throws Exception {
        broker = new TestBroker().start();
        bridgeA = bridge("a", nodeA);
        await(bridgeA::isConnected, "node a connected");
        bridgeA.close();
        try (PushPublisher outside = new PushPublisher(new ActiveMQConnectionFactory(broker.url()))) {
            for (int i = 1; i <= 3; i++) {
                outside.publish(json("waiting", Integer.toString(i)));
            }
        }
        bridgeB = bridge("b", nodeB);
        for (int i = 1; i <= 3; i++) {
            assertEquals(json("waiting", Integer.toString(i)), nodeB.next().push());
        }
    }

    /**
     * Starts b first (it holds the sequencer subscription), then a, and returns a's subscription
     * queue on the sequenced address: the node queue created last.
     */
    private String startBThenA(long replayBatches) throws Exception {
        broker = new TestBroker().start();
        bridgeB = bridge("b", nodeB, replayBatches);
        await(bridgeB::isConnected, "node b connected");
        bridgeA = bridge("a", nodeA, replayBatches);
        await(bridgeA::isConnected, "node a connected");
        return broker.queuesOf(BusFormat.DEFAULT_SEQUENCED_ADDRESS).stream()
                .filter(name -> !name.endsWith(".last") && !name.endsWith(".log"))
                .max(java.util.Comparator.comparingLong(
                        name -> broker.queue(name).getID()))
                .orElseThrow();
    }

    @Test
    void aNodeCutOffTheBusCatchesUpOnWhatWasStampedMeanwhileInOrderAndOnce() throws Exception {
        String subscriptionOfA = startBThenA(BridgeSettings.DEFAULT_REPLAY_BATCHES);
        bridgeB.publish(json("before", "0"));
        Position before = nodeA.next().position();
        assertEquals(before, nodeB.next().position());
        // Stamped while a's subscription holds them back, then lost with it when a is cut off.
        broker.queue(subscriptionOfA).pause();
        for (int i = 1; i <= 20; i++) {
            bridgeB.publish(json("meanwhile", Integer.toString(i)));
        }
        for (int i = 1; i <= 20; i++) {
            assertEquals("meanwhile", nodeB.next().push().opType());
        }
        broker.cutConsumersOf(subscriptionOfA);
        for (int i = 1; i <= 20; i++) {
            RecordingListener.Received received = nodeA.next();
            assertFalse(received.isMissed(), "nothing was missed: the log had it all");
            assertEquals(json("meanwhile", Integer.toString(i)), received.push());
            assertEquals(new Position(before.epoch(), before.seq() + i), received.position());
        }
        bridgeB.publish(json("live", "1"));
        assertEquals(
                new Position(before.epoch(), before.seq() + 21), nodeA.next().position());
    }

    @Test
    void whereTheLogDoesNotReachBackFarEnoughTheNodeIsToldBeforeTheRest() throws Exception {
        String subscriptionOfA = startBThenA(2);
        bridgeB.publish(json("before", "0"));
        Position before = nodeA.next().position();
        nodeB.next();
        broker.queue(subscriptionOfA).pause();
        for (int i = 1; i <= 10; i++) {
            bridgeB.publish(json("meanwhile", Integer.toString(i)));
            assertEquals(json("meanwhile", Integer.toString(i)), nodeB.next().push()); // one batch each
        }
        broker.cutConsumersOf(subscriptionOfA);
        RecordingListener.Received notice = nodeA.next();
        assertTrue(notice.isMissed(), "the log keeps 2 batches: 8 pushes are gone, and a says so first");
        assertEquals(new Position(before.epoch(), before.seq() + 8), notice.position());
        for (int i = 9; i <= 10; i++) {
            RecordingListener.Received received = nodeA.next();
            assertEquals(json("meanwhile", Integer.toString(i)), received.push());
            assertEquals(new Position(before.epoch(), before.seq() + i), received.position());
        }
    }

    @Test
    void aBrokerRestartWithItsJournalLosesNothingAndKeepsTheEpoch(@TempDir Path journal) throws Exception {
        broker = new TestBroker(journal).start();
        bridgeA = bridge("a", nodeA);
        bridgeB = bridge("b", nodeB);
        await(() -> bridgeA.isConnected() && bridgeB.isConnected(), "both nodes connected");
        bridgeA.publish(json("before", "0")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Position before = nodeA.next().position();
        assertEquals(before, nodeB.next().position());

        broker.stop();
        await(() -> !bridgeA.isConnected() && !bridgeB.isConnected(), "both nodes notice the broker is gone");
        broker.start();
        // Published before any node is back: it waits in the sequencer's durable subscription.
        try (PushPublisher outside = new PushPublisher(new ActiveMQConnectionFactory(broker.url()))) {
            outside.publish(json("after", "1"));
        }
        await(() -> bridgeA.isConnected() && bridgeB.isConnected(), "both nodes reconnected");
        bridgeA.publish(json("after", "2")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (RecordingListener node : List.of(nodeA, nodeB)) {
            for (int i = 1; i <= 2; i++) {
                RecordingListener.Received received = node.next();
                assertFalse(received.isMissed(), "the broker kept its record: nothing to report");
                assertEquals(json("after", Integer.toString(i)), received.push());
                assertEquals(new Position(before.epoch(), before.seq() + i), received.position());
            }
        }
    }

    @Test
    void aPushPublishedByOneNodeReachesTheOtherAndItself() throws Exception {
        startTwoNodes();
        bridgeA.publish(Push.toSession("s-9", "order.created", new PushPayload.Json("{\"id\":1}")));
        RecordingListener.Received onB = nodeB.next();
        assertEquals(PushTarget.session("s-9"), onB.push().target());
        assertTrue(onB.publishedAt() > 0);
        assertEquals("order.created", nodeA.next().push().opType());
    }

    @Test
    void binaryPayloadsCrossTheBusUnchanged() throws Exception {
        startTwoNodes();
        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        bridgeA.publish(Push.of("file.chunk", new PushPayload.Binary(bytes)));
        PushPayload payload = nodeB.next().push().payload();
        assertArrayEquals(bytes, ((PushPayload.Binary) payload).bytes());
    }

    @Test
    void messagesThatAreNotValidPushesAreDroppedAndDeliveryGoesOn() throws Exception {
        startTwoNodes();
        try (JMSContext context = new ActiveMQConnectionFactory(broker.url()).createContext()) {
            Topic topic = context.createTopic(BusFormat.DEFAULT_PUSH_ADDRESS);
            context.createProducer().send(topic, context.createTextMessage("{\"no\":\"opType\"}"));
            Message badJson = context.createTextMessage("{not json");
            badJson.setStringProperty(BusFormat.OP_TYPE, "a.b");
            context.createProducer().send(topic, badJson);
            Message badOpType = context.createTextMessage("1");
            badOpType.setStringProperty(BusFormat.OP_TYPE, "a..b");
            context.createProducer().send(topic, badOpType);
            Message twoTargets = context.createTextMessage("1");
            twoTargets.setStringProperty(BusFormat.OP_TYPE, "a.b");
            twoTargets.setStringProperty(BusFormat.TARGET_USER, "u");
            twoTargets.setStringProperty(BusFormat.TARGET_SESSION, "s");
            context.createProducer().send(topic, twoTargets);
            Message good = context.createTextMessage("\"ok\"");
            good.setStringProperty(BusFormat.OP_TYPE, "a.b");
            context.createProducer().send(topic, good);
        }
        Push first = nodeA.next().push();
        assertEquals(json("a.b", "\"ok\""), first);
    }

    @Test
    void aNodeStartsWithoutTheBrokerAndConnectsWhenItComes() throws Exception {
        broker = new TestBroker();
        bridgeA = bridge("a", nodeA);
        assertFalse(bridgeA.isConnected());
        PushException refused = assertThrows(PushException.class, () -> bridgeA.publish(json("x", "1")));
        assertTrue(refused.getMessage().contains(broker.url()), refused.getMessage());

        broker.start();
        await(bridgeA::isConnected, "node connected once the broker is up");
        bridgeA.publish(json("x", "1"));
        assertEquals("x", nodeA.next().push().opType());
    }

    @Test
    void aBrokerRestartWithoutJournalFailsPublishesLoudlyThenTellsTheGapThenDeliveryResumes() throws Exception {
        startTwoNodes();
        bridgeA.publish(json("before.restart", "1"));
        await(() -> nodeA.size() > 0 && nodeB.size() > 0, "both nodes received a push");
        broker.stop();
        await(() -> !bridgeA.isConnected(), "node A notices the broker is gone");
        assertThrows(PushException.class, () -> bridgeA.publish(json("lost", "1")));

        broker.start();
        await(() -> bridgeA.isConnected() && bridgeB.isConnected(), "both nodes reconnected");
        bridgeA.publish(json("after.restart", "1"));
        for (RecordingListener node : List.of(nodeA, nodeB)) {
            RecordingListener.Received first = node.next();
            assertEquals("before.restart", first.push().opType());
            RecordingListener.Received notice = node.next();
            assertTrue(notice.isMissed(), "a broker without a journal lost its record: the node says so first");
            assertNull(notice.position());
            RecordingListener.Received after = node.next();
            assertEquals("after.restart", after.push().opType());
            assertNotEquals(first.position().epoch(), after.position().epoch(), "a new epoch after lost state");
        }
    }
}
