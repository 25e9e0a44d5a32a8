package io.tickstream.streams.tail;

import io.lettuce.core.XAddArgs;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamsFixtures;
import io.tickstream.testkit.PrivateRedis;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tail against real Redis servers: the local one for reading, and servers of the tests' own
 * ({@link PrivateRedis}) that are restarted, with their data and without.
 */
class StreamTailIntegrationTests {

    private final String stream = TestKeys.unique("streams:tail");
    private final String epochKey = TestKeys.unique("streams:epoch");

    /** What a handler was told. */
    private static final class Recorder implements TailHandler {
        final List<String> epochs = new CopyOnWriteArrayList<>();
        final List<String> live = new CopyOnWriteArrayList<>();
        final List<String> history = new CopyOnWriteArrayList<>();

        @Override
        public void onEpoch(java.util.Collection<String> streams, String epoch, boolean first) {
            epochs.add(epoch);
        }

        @Override
        public void onEntries(List<StreamEntry> entries, boolean isLive) {
            entries.forEach(e -> (isLive ? live : history).add(e.id()));
        }
    }

    private TailOptions.Builder options() {
        return TailOptions.builder("test", List.of(stream)).block(Duration.ofMillis(200)).batchSize(7)
                .retryDelay(Duration.ofMillis(100)).restartCheckEvery(Duration.ofMillis(200));
    }

    @Test
    void readsBackRecentHistoryThenEveryNewEntryInOrder() {
        try (StreamsFixtures redis = new StreamsFixtures(TestRedis.endpoint().redisUri())) {
            List<String> old = redis.append(stream, 0, 30);
            Recorder handler = new Recorder();
            StreamTail tail = new StreamTail(redis.connections, options().start(TailStart.recent(10)).epochKey(epochKey).build(), handler);
            tail.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(tail::ready);
                assertThat(handler.history).containsExactlyElementsOf(old.subList(20, 30));
                List<String> fresh = redis.append(stream, 30, 50);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handler.live).containsExactlyElementsOf(fresh));
                assertThat(handler.epochs).hasSize(1);
                assertThat(tail.epoch(stream)).isEqualTo(redis.redis().get(StreamKeys.inSlotOf(epochKey, stream)));
            } finally {
                tail.stop();
                redis.redis().del(stream, StreamKeys.inSlotOf(epochKey, stream));
            }
        }
    }

    @Test
    void startsAtThePositionsItIsGiven() {
        try (StreamsFixtures redis = new StreamsFixtures(TestRedis.endpoint().redisUri())) {
            List<String> ids = redis.append(stream, 0, 20);
            Recorder handler = new Recorder();
            StreamTail tail = new StreamTail(redis.connections,
                    options().start(TailStart.at(first -> Mono.just(Map.of(stream, ids.get(14))))).build(), handler);
            tail.start();
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handler.live).containsExactlyElementsOf(ids.subList(15, 20)));
            } finally {
                tail.stop();
                redis.redis().del(stream);
            }
        }
    }

    @Test
    void aStreamCreatedAgainBelowThePositionIsReadFromItsBeginning() {
        try (StreamsFixtures redis = new StreamsFixtures(TestRedis.endpoint().redisUri())) {
            redis.append(stream, 0, 5);
            Recorder handler = new Recorder();
            StreamTail tail = new StreamTail(redis.connections, options().start(TailStart.at(first -> Mono.empty())).build(), handler);
            tail.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> handler.live.size() == 5);
                redis.redis().del(stream);
                String low = redis.redis().xadd(stream, new XAddArgs().id("1-1"), StreamEntryCodec.encode(StreamsFixtures.quote(99)));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handler.live).contains(low));
            } finally {
                tail.stop();
                redis.redis().del(stream);
            }
        }
    }

    @Test
    void aRedisRestartWithItsDataKeepsTheEpochAndTheTailGoesOnWithoutGapOrDuplicate() {
        try (PrivateRedis server = PrivateRedis.persistent(); StreamsFixtures redis = new StreamsFixtures(server.uri())) {
            Recorder handler = new Recorder();
            StreamTail tail = new StreamTail(redis.connections, options().start(TailStart.latest()).epochKey(epochKey).build(), handler);
            tail.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(tail::ready);
                List<String> before = redis.append(stream, 0, 10);
                await().atMost(Duration.ofSeconds(10)).until(() -> handler.live.size() == 10);

                server.restart();
                await().atMost(Duration.ofSeconds(15)).until(() -> append(redis, 10, 10) != null);
                await().atMost(Duration.ofSeconds(15)).until(() -> handler.live.size() >= 20);

                assertThat(handler.epochs).hasSize(1);
                assertThat(handler.live.subList(0, 10)).containsExactlyElementsOf(before);
                assertThat(List.copyOf(new java.util.LinkedHashSet<>(handler.live))).hasSize(handler.live.size());
            } finally {
                tail.stop();
            }
        }
    }

    @Test
    void aRedisThatLostItsDataIsANewEpochAndTheHandlerIsToldBeforeTheNewEntries() {
        try (PrivateRedis server = PrivateRedis.ephemeral(); StreamsFixtures redis = new StreamsFixtures(server.uri())) {
            Recorder handler = new Recorder();
            StreamTail tail = new StreamTail(redis.connections, options().start(TailStart.recent(100)).epochKey(epochKey).build(), handler);
            tail.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(tail::ready);
                redis.append(stream, 0, 10);
                await().atMost(Duration.ofSeconds(10)).until(() -> handler.live.size() == 10);
                String firstEpoch = tail.epoch(stream);

                server.kill(); // a crash of a server that keeps nothing: it comes back empty
                server.start();

                await().atMost(Duration.ofSeconds(15)).until(() -> handler.epochs.size() == 2);
                assertThat(tail.epoch(stream)).isNotEqualTo(firstEpoch).isEqualTo(handler.epochs.get(1));
                List<String> after = append(redis, 10, 5);
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(handler.live.subList(10, handler.live.size())).containsExactlyElementsOf(after));
            } finally {
                tail.stop();
            }
        }
    }

    /** Appends once Redis takes commands again; null while it does not. */
    private List<String> append(StreamsFixtures redis, int from, int n) {
        try {
            return redis.append(stream, from, n);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
