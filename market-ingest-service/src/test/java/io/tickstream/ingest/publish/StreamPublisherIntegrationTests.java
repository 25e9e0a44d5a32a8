package io.tickstream.ingest.publish;

import io.lettuce.core.RedisURI;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.testkit.PrivateRedisSentinel;

import io.tickstream.common.stream.Partitions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.testkit.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPublisherIntegrationTests {

    private final RedisTemplates redis = new RedisTemplates();
    /** One partition: every quote of these tests goes to one stream, whatever its symbol. */
    private static final Partitions ONE = new Partitions(1);
    private final String base = TestKeys.unique("crypto:market_data");
    private final String stream = ONE.key(base, 0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void cleanUp() {
        redis.template().delete(stream, PublishProperties.lastSeenKey(stream)).block();
        redis.close();
    }

    @Test
    void quotesGoToTheirSymbolsPartitionAndEachPartitionKeepsItsOwnBoard() {
        Partitions twelve = Partitions.defaults();
        StreamPublisher publisher = new StreamPublisher(redis.connections(),
                new PublishProperties(1000, 1000, "backup", 200, 8, base, base + ":d", base + ":h", base + ":c", 0, java.time.Duration.ofMillis(100), base + ":t", base + ":bars"), twelve, meters);
        List<String> symbols = List.of("BTC", "ETH", "SOL", "XRP", "DOGE");
        List<Quote> quotes = symbols.stream().map(s -> quote("binance", s, "100", 1_000)).toList();
        StepVerifier.create(publisher.publishAll(quotes)).expectNextCount(symbols.size()).verifyComplete();
        StepVerifier.create(publisher.publishAll(quotes)).verifyComplete(); // each board remembers its own series
        try {
            for (String symbol : symbols) {
                String partition = twelve.keyFor(base, symbol);
                assertThat(partition).endsWith("}").contains(":{p" + twelve.of(symbol));
                assertThat(redis.template().opsForStream().range(partition, Range.unbounded()).collectList().block())
                        .extracting(e -> fields(e).get("symbol")).contains(symbol).allMatch(s -> twelve.of((String) s) == twelve.of(symbol));
                assertThat(redis.template().<String, String>opsForHash().hasKey(PublishProperties.lastSeenKey(partition),
                        "quote:binance:" + symbol + ":USDT").block()).isTrue();
            }
            assertThat(redis.template().hasKey(base).block()).isFalse();
        } finally {
            for (String partition : twelve.keys(base)) {
                redis.template().delete(partition, PublishProperties.lastSeenKey(partition)).block();
            }
        }
    }

    @Test
    void withWaitAnAppendCountsOnceAReplicaHasItAndAShortWaitIsCountedNotLost() {
        try (PrivateRedisSentinel servers = PrivateRedisSentinel.start();
             RedisConnections master = RedisConnections.standalone(RedisURI.create("redis://" + servers.redisNodes().getFirst()))) {
            StreamPublisher replicated = new StreamPublisher(master,
                    new PublishProperties(1000, 1000, "backup", 200, 8, base, base + ":d", base + ":h", base + ":c", 1,
                            java.time.Duration.ofSeconds(2), base + ":t", base + ":bars"), ONE, meters);
            StepVerifier.create(replicated.publishAll(List.of(quote("binance", "1", 1_000), quote("kraken", "2", 1_000))))
                    .expectNextCount(2).verifyComplete();
            assertThat(meters.find("tickstream.ingest.replication.short").counter()).as("the replica had it").isNull();
        }
        // the shared test Redis has no replica: the wait runs out, the batch stays appended and is counted short
        StreamPublisher unreplicated = new StreamPublisher(redis.connections(),
                new PublishProperties(1000, 1000, "backup", 200, 8, base, base + ":d", base + ":h", base + ":c", 1,
                        java.time.Duration.ofMillis(50), base + ":t", base + ":bars"), ONE, meters);
        StepVerifier.create(unreplicated.publish(quote("binance", "3", 2_000))).expectNextCount(1).verifyComplete();
        assertThat(entries()).hasSize(1);
        assertThat(meters.counter("tickstream.ingest.replication.short", "stream", stream).count()).isEqualTo(1);
    }

    @Test
    void appendsTheCodecsFieldsAndSkipsTheSameEventTwice() {
        StreamPublisher publisher = publisher(1000);
        Quote quote = quote("binance", "67000.10", 1_000);
        StepVerifier.create(publisher.publish(quote)).expectNextMatches(id -> id.contains("-")).verifyComplete();
        StepVerifier.create(publisher.publish(quote)).verifyComplete();

        List<MapRecord<String, Object, Object>> entries = entries();
        assertThat(entries).hasSize(1);
        assertThat(StreamEntryCodec.decode(fields(entries.getFirst()))).isEqualTo(quote);
        assertThat(fields(entries.getFirst())).containsEntry("price", "67000.1").containsEntry("v", "1");
        assertThat(meters.counter("tickstream.ingest.duplicates", "stream", stream).count()).isEqualTo(1);
    }

    @Test
    void anOlderSourceTimeOfTheSameSeriesIsNotAppendedButOtherSeriesAre() {
        StreamPublisher publisher = publisher(1000);
        publisher.publish(quote("binance", "67000", 2_000)).block();
        StepVerifier.create(publisher.publish(quote("binance", "66000", 1_000))).verifyComplete();
        StepVerifier.create(publisher.publish(quote("kraken", "66000", 1_000))).expectNextCount(1).verifyComplete();
        StepVerifier.create(publisher.publish(quote("binance", "67100", 3_000))).expectNextCount(1).verifyComplete();
        assertThat(entries()).extracting(e -> fields(e).get("price")).containsExactly("67000", "66000", "67100");
        assertThat(redis.template().<String, String>opsForHash()
                .get(PublishProperties.lastSeenKey(stream), "quote:binance:BTC:USDT").block()).isEqualTo("3000|67100");
    }

    @Test
    void concurrentPublishesOfDistinctEventsAllLandAndDuplicatesNever() {
        StreamPublisher publisher = publisher(100_000);
        // distinct series (symbols): within one series, appends must come in source-time order
        List<Quote> quotes = java.util.stream.IntStream.rangeClosed(1, 500)
                .mapToObj(i -> quote("binance", "S" + i, "67000." + i, i)).toList();
        Flux.fromIterable(quotes).concatWithValues(quotes.toArray(Quote[]::new))
                .flatMap(publisher::publish, 64).collectList().block();
        assertThat(redis.template().opsForStream().size(stream).block()).isEqualTo(500);
    }

    @Test
    void aBatchAppendsInOrderAndSkipsItsOwnDuplicates() {
        StreamPublisher publisher = publisher(1000);
        Quote first = quote("binance", "1", 10);
        List<Quote> batch = List.of(first, quote("kraken", "2", 10), first, quote("binance", "3", 11),
                quote("binance", "0.5", 9));
        StepVerifier.create(publisher.publishAll(batch)).expectNextCount(3).verifyComplete();
        assertThat(entries()).extracting(e -> fields(e).get("price")).containsExactly("1", "2", "3");
        assertThat(meters.counter("tickstream.ingest.duplicates", "stream", stream).count()).isEqualTo(2);
    }

    @Test
    void withoutAnArchiveGroupTheCapTrimsApproximately() {
        StreamPublisher publisher = publisher(1000);
        publishMany(publisher, 1, 5000);
        // MAXLEN ~ trims whole macro nodes (100 entries by default), so the length stays near the cap
        assertThat(length()).isBetween(1000L, 1200L);
    }

    @Test
    void theSoftCapNeverTrimsWhatTheArchiveGroupHasNotCommitted() {
        redis.template().opsForStream().createGroup(stream, ReadOffset.from("0-0"), "backup")
                .onErrorResume(e -> Mono.empty()).block();
        StreamPublisher publisher = publisher(1000, 1_000_000);
        publishMany(publisher, 1, 5000);
        assertThat(length()).as("a backlog 5x the cap, nothing archived: all kept").isEqualTo(5000);

        // the archive reads 3,000 and commits 2,000 of them: entries before the oldest pending may go
        List<MapRecord<String, Object, Object>> read = redis.template().opsForStream()
                .read(Consumer.from("backup", "archiver-1"), StreamReadOptions.empty().count(3000),
                        StreamOffset.create(stream, ReadOffset.lastConsumed()))
                .collectList().block();
        redis.template().opsForStream().acknowledge(stream, "backup",
                read.subList(0, 2000).stream().map(MapRecord::getId).toArray(RecordId[]::new)).block();
        publishMany(publisher, 5001, 5001);
        String oldestPending = read.get(2000).getId().getValue();
        assertThat(length()).isBetween(3001L, 3101L);
        assertThat(redis.template().opsForStream().range(stream, Range.closed(oldestPending, "+")).count().block())
                .as("every uncommitted entry is still there").isEqualTo(3001);
        assertThat(meters.counter("tickstream.ingest.stream.guard.dropped", "stream", stream).count()).isZero();
    }

    @Test
    void theHardCapDropsUnarchivedEntriesLoudly() {
        redis.template().opsForStream().createGroup(stream, ReadOffset.from("0-0"), "backup")
                .onErrorResume(e -> Mono.empty()).block();
        StreamPublisher publisher = publisher(1000, 2000);
        publishMany(publisher, 1, 5000);
        assertThat(length()).isBetween(2000L, 2200L);
        assertThat(meters.counter("tickstream.ingest.stream.guard.dropped", "stream", stream).count())
                .isBetween(2800.0, 3000.0);
    }

    private void publishMany(StreamPublisher publisher, int from, int to) {
        Flux.range(from, to - from + 1).buffer(200)
                .concatMap(batch -> publisher.publishAll(batch.stream().map(i -> quote("binance", "1." + i, i)).toList()))
                .blockLast();
    }

    private long length() {
        return redis.template().opsForStream().size(stream).block();
    }

    private StreamPublisher publisher(long maxLength) {
        return publisher(maxLength, maxLength);
    }

    private StreamPublisher publisher(long maxLength, long hardMaxLength) {
        return new StreamPublisher(redis.connections(),
                new PublishProperties(maxLength, hardMaxLength, "backup", 200, 8, base, base + ":d", base + ":h", base + ":c", 0, java.time.Duration.ofMillis(100), base + ":t", base + ":bars"),
                ONE, meters);
    }

    private List<MapRecord<String, Object, Object>> entries() {
        return redis.template().opsForStream().range(stream, Range.unbounded()).collectList().block();
    }

    private static Map<String, String> fields(MapRecord<String, Object, Object> entry) {
        Map<String, String> fields = new HashMap<>();
        entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
        return fields;
    }

    private static Quote quote(String source, String price, long sourceTime) {
        return quote(source, "BTC", price, sourceTime);
    }

    private static Quote quote(String source, String symbol, String price, long sourceTime) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USDT", sourceTime), source, sourceTime,
                sourceTime + 5, TraceParent.newRoot()), symbol, "USDT", new BigDecimal(price),
                null, null, null, null, null, false, null);
    }
}
