package io.tickstream.streams.group;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.common.stream.StreamFields;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamsFixtures;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The group consumer against the real local Redis: each test on streams of its own. */
class GroupConsumerIntegrationTests {

    private final StreamsFixtures redis = new StreamsFixtures(TestRedis.endpoint().redisUri());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String stream = TestKeys.unique("streams:group");
    private final List<GroupConsumer> consumers = new CopyOnWriteArrayList<>();
    /** Every id the handlers made durable, in the order they did. */
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        consumers.forEach(GroupConsumer::kill);
        redis.redis().del(stream, StreamKeys.deadLetter(stream));
        redis.close();
    }

    private GroupOptions.Builder options(String consumer) {
        return GroupOptions.builder("g", consumer, List.of(stream)).batchSize(50).block(Duration.ofMillis(100))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).claimInterval(Duration.ofMillis(200))
                .claimMinIdle(Duration.ofMinutes(10)).redeliveryDelay(Duration.ofMillis(100)).metricPrefix("t");
    }

    private GroupConsumer start(GroupOptions options, BiFunction<String, List<StreamEntry>, Mono<BatchOutcome>> handler) {
        GroupConsumer consumer = new GroupConsumer(redis.connections, options, handler::apply, meters);
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    private Mono<BatchOutcome> recordAll(String s, List<StreamEntry> entries) {
        entries.forEach(e -> handled.add(e.id()));
        return Mono.just(BatchOutcome.allDone(entries.stream().map(StreamEntry::id).toList()));
    }

    private long pending() {
        return redis.redis().xpending(stream, "g").getCount();
    }

    private List<StreamMessage<String, String>> takeAs(String consumer, int count) {
        redis.redis().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream(true));
        return redis.redis().xreadgroup(Consumer.from("g", consumer), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(stream));
    }

    @Test
    void ownPendingEntriesComeFirstThenNewOnesAndEverythingIsAcknowledged() {
        redis.append(stream, 0, 30);
        List<String> given = takeAs("a", 10).stream().map(StreamMessage::getId).toList(); // "a" crashed holding these
        redis.append(stream, 30, 20);

        start(options("a").build(), this::recordAll);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(handled).hasSize(50);
            assertThat(pending()).isZero();
        });
        assertThat(handled.subList(0, 10)).containsExactlyElementsOf(given);
        assertThat(Set.copyOf(handled)).hasSize(50);
    }

    @Test
    void aDeadConsumersIdleEntriesAreReclaimedAndTheDeadConsumerIsForgotten() {
        redis.append(stream, 0, 40);
        assertThat(takeAs("dead", 25)).hasSize(25);

        start(options("survivor").claimMinIdle(Duration.ofMillis(300)).forgetConsumersAfter(Duration.ofMillis(500)).build(),
                this::recordAll);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(Set.copyOf(handled)).hasSize(40);
            assertThat(pending()).isZero();
            assertThat(meters.get("t.reclaimed").tag("stream", stream).counter().count()).isEqualTo(25);
            assertThat(redis.redis().xinfoConsumers(stream, "g").toString()).doesNotContain("dead");
        });
    }

    @Test
    void aLostGroupIsCreatedAgainAndConsumptionGoesOn() {
        start(options("a").build(), this::recordAll);
        redis.append(stream, 0, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 10);

        redis.redis().del(stream); // what Redis losing its data looks like: stream and group gone
        redis.append(stream, 10, 15);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(handled).hasSize(25);
            assertThat(pending()).isZero();
        });
        assertThat(meters.get("t.errors").tag("stream", stream).tag("kind", "nogroup").counter().count()).isPositive();
    }

    @Test
    void anEntryThatKeepsFailingIsDeadLetteredAfterMaxDeliveriesAndAnUnreadableOneAtOnce() {
        List<String> ids = redis.append(stream, 0, 20);
        String poison = ids.get(7);
        String unreadable = ids.get(12);
        Map<String, Integer> attempts = new ConcurrentHashMap<>();

        start(options("a").maxDeliveries(3).build(), (s, entries) -> {
            Map<String, String> retry = new HashMap<>();
            Map<String, String> rejected = new HashMap<>();
            List<String> done = new CopyOnWriteArrayList<>();
            for (StreamEntry e : entries) {
                if (e.id().equals(poison)) {
                    attempts.merge(poison, 1, Integer::sum);
                    retry.put(e.id(), "refused: constraint");
                } else if (e.id().equals(unreadable)) {
                    rejected.put(e.id(), "decode: broken");
                } else {
                    handled.add(e.id());
                    done.add(e.id());
                }
            }
            return Mono.just(new BatchOutcome(done, rejected, retry, null));
        });

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(redis.redis().xlen(StreamKeys.deadLetter(stream))).isEqualTo(2);
            assertThat(pending()).isZero();
        });
        assertThat(handled).hasSize(18);
        assertThat(attempts.get(poison)).isEqualTo(3);
        Map<String, Map<String, String>> dead = new HashMap<>();
        redis.redis().xrange(StreamKeys.deadLetter(stream), Range.create("-", "+"))
                .forEach(m -> dead.put(m.getBody().get(StreamFields.DLQ_ORIGINAL_ID), m.getBody()));
        assertThat(dead.get(poison)).containsEntry(StreamFields.DLQ_REASON, "refused: constraint")
                .containsEntry(StreamFields.DLQ_DELIVERIES, "3").containsKey(StreamFields.PRICE);
        assertThat(dead.get(unreadable)).containsEntry(StreamFields.DLQ_REASON, "decode: broken");
        assertThat(meters.get("t.dlq").tag("stream", stream).counter().count()).isEqualTo(2);
    }

    @Test
    void aFailingHandlerAcknowledgesNothingAndTheSameEntriesComeAgainAfterABackoff() {
        redis.append(stream, 0, 10);
        int[] calls = {0};
        start(options("a").build(), (s, entries) -> {
            if (calls[0]++ < 3) {
                return Mono.error(new IllegalStateException("store down"));
            }
            return recordAll(s, entries);
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(handled).hasSize(10);
            assertThat(pending()).isZero();
        });
        assertThat(meters.get("t.errors").tag("stream", stream).tag("kind", "handler").counter().count()).isEqualTo(3);
    }

    @Test
    void aStopLetsTheBatchInHandFinishAndLosesNothing() {
        redis.append(stream, 0, 200);
        GroupConsumer consumer = start(options("a").batchSize(20).build(),
                (s, entries) -> Mono.delay(Duration.ofMillis(150)).then(recordAll(s, entries)));
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() >= 20);

        consumer.stop().block(Duration.ofSeconds(10));

        assertThat(consumer.isRunning()).isFalse();
        int done = handled.size();
        assertThat(done).isLessThan(200);
        // what was handled is acknowledged, nothing is pending half-done, the rest is still there to read
        assertThat(pending()).isZero();
        assertThat(Set.copyOf(handled)).hasSize(done);
        List<StreamMessage<String, String>> rest = redis.redis().xreadgroup(Consumer.from("g", "next"),
                XReadArgs.Builder.count(1000), XReadArgs.StreamOffset.lastConsumed(stream));
        assertThat(rest).hasSize(200 - done);
    }

    @Test
    void deletedPendingEntriesAreAcknowledgedAndCountedAsLost() {
        redis.append(stream, 0, 30);
        takeAs("a", 30);
        redis.redis().xtrim(stream, 0); // trimmed while pending: the data is gone
        redis.append(stream, 30, 5);

        start(options("a").build(), this::recordAll);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(handled).hasSize(5);
            assertThat(pending()).isZero();
        });
        assertThat(meters.get("t.entries.lost").tag("stream", stream).counter().count()).isEqualTo(30);
    }
}
