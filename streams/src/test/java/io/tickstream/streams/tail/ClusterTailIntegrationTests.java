package io.tickstream.streams.tail;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.tickstream.common.stream.KeySlots;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamsFixtures;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.testkit.PrivateRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tail on a Redis Cluster of the test's own (3 masters + 3 replicas): one read loop per slot, every
 * partition read in order, and an epoch per loop, so one partition that starts over (its master lost
 * its data) resets that partition alone.
 */
class ClusterTailIntegrationTests {

    private static PrivateRedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    private final Partitions partitions = new Partitions(6);
    private final String base = "tail-it:" + System.nanoTime() + ":md";
    private final String epochKey = "tail-it:" + System.nanoTime() + ":epoch";

    @BeforeAll
    static void startCluster() {
        cluster = PrivateRedisCluster.start();
        client = RedisClusterClient.create(cluster.nodes().stream().map(n -> RedisURI.create("redis://" + n)).toList());
        connection = client.connect();
    }

    @AfterAll
    static void stopCluster() {
        connection.close();
        client.shutdown();
        cluster.close();
    }

    /** What a handler was told, per stream. */
    private static final class Recorder implements TailHandler {
        final Map<String, List<String>> live = new ConcurrentHashMap<>();
        final List<Collection<String>> newEpochs = new CopyOnWriteArrayList<>();

        @Override
        public void onEpoch(Collection<String> streams, String epoch, boolean first) {
            if (!first) {
                newEpochs.add(List.copyOf(streams));
            }
        }

        @Override
        public void onEntries(List<StreamEntry> entries, boolean isLive) {
            if (isLive) {
                entries.forEach(e -> live.computeIfAbsent(e.stream(), s -> new CopyOnWriteArrayList<>()).add(e.id()));
            }
        }
    }

    @Test
    void everyPartitionIsReadInOrderAndOnlyTheOneThatLostItsDataStartsOver() {
        RedisConnections connections = RedisConnections.on(() -> client);
        List<String> streams = partitions.keys(base);
        Recorder handler = new Recorder();
        StreamTail tail = new StreamTail(connections, TailOptions.builder("cluster-test", streams)
                .start(TailStart.latest()).epochKey(epochKey).block(Duration.ofMillis(200))
                .retryDelay(Duration.ofMillis(100)).build(), handler);
        RedisAdvancedClusterCommands<String, String> redis = connection.sync();
        tail.start();
        try {
            assertThat(connections.cluster()).isTrue();
            assertThat(tail.readLoops()).as("one loop per slot").isEqualTo(partitions.count());
            await().atMost(Duration.ofSeconds(10)).until(tail::ready);
            Map<String, List<String>> appended = new ConcurrentHashMap<>();
            for (int i = 0; i < 60; i++) {
                String stream = streams.get(i % streams.size());
                appended.computeIfAbsent(stream, s -> new ArrayList<>())
                        .add(redis.xadd(stream, StreamEntryCodec.encode(StreamsFixtures.quote(i))));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handler.live).isEqualTo(appended));
            assertThat(streams).allSatisfy(s -> assertThat(KeySlots.slot(StreamKeys.inSlotOf(epochKey, s))).isEqualTo(KeySlots.slot(s)));
            String lost = streams.get(2);
            String keptEpoch = tail.epoch(streams.get(0));

            // partition 2's master "lost its data": its stream and its epoch are gone
            redis.del(lost, StreamKeys.inSlotOf(epochKey, lost));
            await().atMost(Duration.ofSeconds(10)).until(() -> !handler.newEpochs.isEmpty());
            assertThat(handler.newEpochs).containsExactly(List.of(lost));
            assertThat(tail.epoch(streams.get(0))).isEqualTo(keptEpoch);
            assertThat(tail.epoch(lost)).isNotEqualTo(keptEpoch);
            String after = redis.xadd(lost, StreamEntryCodec.encode(StreamsFixtures.quote(100)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handler.live.get(lost)).endsWith(after));
        } finally {
            tail.stop();
            List<String> keys = new ArrayList<>(streams);
            streams.forEach(s -> keys.add(StreamKeys.inSlotOf(epochKey, s)));
            keys.forEach(redis::del);
        }
    }
}
