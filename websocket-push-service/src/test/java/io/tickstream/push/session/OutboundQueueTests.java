package io.tickstream.push.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.push.channel.ChannelUpdate;
import io.tickstream.push.metrics.PushMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The slow-client policy and the full-or-patch choice, without a network: demand is the test's. */
class OutboundQueueTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PushMetrics metrics = new PushMetrics(registry);
    private final List<Subscription> throttled = new ArrayList<>();

    @Test
    void withinCapacityEveryUpdateLeavesInOrder() {
        OutboundQueue queue = queue(4);
        Subscription sub = subscription(queue, "ticker:A", Subscription.Format.FULL);
        for (int i = 1; i <= 4; i++) {
            queue.offerUpdate(sub, update("ticker:A", i));
        }
        StepVerifier.create(texts(queue), 0)
                .thenRequest(4)
                .expectNext("full 1", "full 2", "full 3", "full 4")
                .thenCancel().verify();
        assertThat(registry.get("tickstream.push.messages.conflated").counter().count()).isZero();
    }

    @Test
    void pastCapacityUpdatesAreConflatedToTheLatestPerChannelAndStayInOrder() {
        OutboundQueue queue = queue(4);
        Subscription a = subscription(queue, "ticker:A", Subscription.Format.FULL);
        Subscription b = subscription(queue, "ticker:B", Subscription.Format.FULL);
        for (int i = 1; i <= 10; i++) {
            queue.offerUpdate(a, update("ticker:A", i));
            queue.offerUpdate(b, update("ticker:B", 100 + i));
        }
        StepVerifier.create(texts(queue), 0)
                .thenRequest(100)
                .expectNext("full 1", "full 101", "full 2", "full 102", "full 10", "full 110")
                .expectNoEvent(Duration.ofMillis(50))
                .thenCancel().verify();
        // 12 updates could not queue; 10 of them were replaced by a newer one
        assertThat(registry.get("tickstream.push.messages.conflated").counter().count()).isEqualTo(14);
    }

    @Test
    void aConnectionConflatedLongerThanTheLagIsTooSlowAndOneThatCatchesUpIsNot() {
        OutboundQueue queue = queue(2);
        Subscription a = subscription(queue, "ticker:A", Subscription.Format.FULL);
        for (int i = 1; i <= 5; i++) {
            queue.offerUpdate(a, update("ticker:A", i));
        }
        long now = System.nanoTime();
        assertThat(queue.tooSlow(Duration.ofSeconds(1).toNanos(), now)).isFalse();
        assertThat(queue.tooSlow(Duration.ofSeconds(1).toNanos(), now + Duration.ofSeconds(2).toNanos())).isTrue();

        StepVerifier.create(texts(queue), 0).thenRequest(3).expectNextCount(3).thenCancel().verify();
        assertThat(queue.tooSlow(Duration.ofSeconds(1).toNanos(), now + Duration.ofSeconds(2).toNanos())).isFalse();
    }

    @Test
    void repliesPilingUpToTwiceTheCapacityMakeTheConnectionTooSlow() {
        OutboundQueue queue = queue(4);
        for (int i = 0; i < 8; i++) {
            queue.offerReply(bytes("pong"));
        }
        assertThat(queue.tooSlow(Long.MAX_VALUE, System.nanoTime())).isFalse();
        queue.offerReply(bytes("pong"));
        assertThat(queue.tooSlow(Long.MAX_VALUE, System.nanoTime())).isTrue();
    }

    @Test
    void patchClientsGetAPatchOnlyWhenTheyHoldItsBaseElseTheFullObject() {
        OutboundQueue queue = queue(2);
        Subscription sub = subscription(queue, "ticker:A", Subscription.Format.PATCH);
        queue.offerStart(sub, bytes("snapshot 1"), "1-0");
        queue.offerUpdate(sub, update("ticker:A", 2));
        // the queue is full now: 3 and 4 are conflated to 4, whose patch base (3) the client never got
        queue.offerUpdate(sub, update("ticker:A", 3));
        queue.offerUpdate(sub, update("ticker:A", 4));
        queue.offerUpdate(sub, update("ticker:A", 5));
        StepVerifier.create(texts(queue), 0)
                .thenRequest(10)
                .expectNext("snapshot 1", "patch 2", "full 5")
                .thenCancel().verify();
    }

    @Test
    void aTapeSubscriberGetsEveryTradeWhileItKeepsUpAndTheWholeTapeWhenItFellBehind() {
        OutboundQueue queue = queue(2);
        // FULL or PATCH alike: a tape's trade message is its increment
        Subscription sub = subscription(queue, "trades:A", Subscription.Format.FULL);
        java.util.concurrent.atomic.AtomicInteger tapesWritten = new java.util.concurrent.atomic.AtomicInteger();
        queue.offerStart(sub, bytes("snapshot 1"), "1-0");
        for (int n = 2; n <= 5; n++) {
            queue.offerUpdate(sub, tapeEntry("trades:A", n, tapesWritten));
        }
        // 2 fits; 3, 4 and 5 are conflated to 5, whose previous tape (4) the client never got
        StepVerifier.create(texts(queue), 0)
                .thenRequest(10)
                .expectNext("snapshot 1", "trade 2", "tape 5")
                .thenCancel().verify();
        assertThat(tapesWritten).as("only the tape that was sent is written").hasValue(1);
    }

    @Test
    void maxRateHoldsTheLatestUpdateBackUntilItsIntervalHasPassed() {
        OutboundQueue queue = queue(8);
        Subscription sub = new Subscription(null, "ticker:A", Subscription.Format.FULL, 0.1);
        long start = System.nanoTime();
        queue.offerUpdate(sub, update("ticker:A", 1));
        queue.offerUpdate(sub, update("ticker:A", 2));
        queue.offerUpdate(sub, update("ticker:A", 3));
        assertThat(throttled).contains(sub);
        assertThat(queue.releaseThrottled(sub, start + Duration.ofSeconds(5).toNanos())).as("not due yet").isFalse();
        assertThat(queue.releaseThrottled(sub, start + Duration.ofSeconds(11).toNanos())).isTrue();
        StepVerifier.create(texts(queue), 0)
                .thenRequest(10)
                .expectNext("full 1", "full 3")
                .thenCancel().verify();
    }

    @Test
    void aQueueClosedBeforeAnyoneReadsItEndsTheOutgoingMessagesAtOnce() {
        OutboundQueue queue = queue(8);
        queue.offerReply(bytes("snapshot"));
        queue.close();
        StepVerifier.create(queue.outgoing()).expectComplete().verify(Duration.ofSeconds(1));
    }

    private OutboundQueue queue(int capacity) {
        return new OutboundQueue(new FakeSession(), capacity, metrics, throttled::add);
    }

    /** A subscription fed straight into {@code queue} by the test (no session needed). */
    private static Subscription subscription(OutboundQueue queue, String channel, Subscription.Format format) {
        return new Subscription(null, channel, format, 0);
    }

    private static ChannelUpdate update(String channel, int n) {
        String offset = n + "-0";
        String previous = n == 1 ? null : (n - 1) + "-0";
        return new ChannelUpdate(channel, offset, previous, System.currentTimeMillis(),
                bytes("full " + n), previous == null ? null : bytes("patch " + n), null);
    }

    private static ChannelUpdate tapeEntry(String channel, int n, java.util.concurrent.atomic.AtomicInteger written) {
        return ChannelUpdate.tapeEntry(channel, n + "-0", (n - 1) + "-0", System.currentTimeMillis(), bytes("trade " + n),
                () -> {
                    written.incrementAndGet();
                    return bytes("tape " + n);
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Flux<String> texts(OutboundQueue queue) {
        return queue.messages().map(WebSocketMessage::getPayloadAsText);
    }

    /** Just enough of a session for the queue: a buffer factory and ping messages. */
    private static final class FakeSession extends AbstractWebSocketSession<Object> {

        FakeSession() {
            super(new Object(), "test", new HandshakeInfo(URI.create("ws://test/ws"), new org.springframework.http.HttpHeaders(),
                    Mono.empty(), null), DefaultDataBufferFactory.sharedInstance);
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return Flux.never();
        }

        @Override
        public Mono<Void> send(org.reactivestreams.Publisher<WebSocketMessage> messages) {
            return Mono.never();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public Mono<Void> close(org.springframework.web.reactive.socket.CloseStatus status) {
            return Mono.empty();
        }

        @Override
        public Mono<org.springframework.web.reactive.socket.CloseStatus> closeStatus() {
            return Mono.never();
        }
    }
}
