package io.tickstream.backup.replay;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.backup.archive.DecodedEntry;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamEntryCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ReplayIntegrationTests {

    private final BackupHarness harness = new BackupHarness();
    private final ReplayService replay = new ReplayService(DatabaseClient.create(harness.pool), harness.schema,
            harness.redis, harness.streams, harness.partitions, new ReplayProperties(2000, 50_000, 100, 10, false), Clock.systemUTC());

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void replaysARangeIntoTheStreamsWithTheArchivedFieldsAndIdempotencyKeys() {
        List<MarketEvent> archived = new ArrayList<>();
        IntStream.range(0, 500).forEach(i -> archived.add(BackupFixtures.quote(i)));
        IntStream.range(0, 500).forEach(i -> archived.add(BackupFixtures.quote("kraken", "ETH", i)));
        IntStream.range(0, 10).forEach(i -> archived.add(BackupFixtures.summary(i)));
        IntStream.range(0, 5).forEach(i -> archived.add(BackupFixtures.health(i)));
        archive(archived);

        ReplayJob job = replay.start(new ReplayRequest(time(0), time(1_000), null, null, 50_000));
        job.done().block(Duration.ofSeconds(30));

        assertThat(job.progress().state()).isEqualTo(ReplayJob.State.COMPLETED);
        assertThat(job.progress().total()).isEqualTo(1015);
        assertThat(job.progress().published()).isEqualTo(1015);
        List<MarketEvent> replayed = new ArrayList<>();
        for (String stream : harness.streams.all(harness.partitions)) {
            for (StreamMessage<String, String> m : harness.redisSync().xrange(stream, Range.create("-", "+"))) {
                replayed.add(StreamEntryCodec.decode(m.getBody()));
            }
        }
        // field for field what was archived, idempotency keys included
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(archived);
    }

    @Test
    void tradesAreReplayedIntoTheirPartitionInSourceTimeOrderAndSkippedByTheArchiverAsDuplicates() {
        List<MarketEvent> archived = new ArrayList<>();
        IntStream.range(0, 400).forEach(i -> archived.add(BackupFixtures.trade(i)));
        IntStream.range(0, 100).forEach(i -> archived.add(BackupFixtures.trade("coinbase", "ETH", i)));
        IntStream.range(0, 50).forEach(i -> archived.add(BackupFixtures.quote(i)));
        archive(archived);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        harness.startArchiver(BackupHarness.properties("a", 100, Duration.ofMinutes(10), 3), meters);

        // BTC only, default types: its quotes and its trades; source times BASE_TIME + 0 .. 99 hold trades 0..399
        ReplayJob job = replay.start(new ReplayRequest(time(0), time(100), "BTC", null, 50_000));
        job.done().block(Duration.ofSeconds(30));

        assertThat(job.progress().state()).isEqualTo(ReplayJob.State.COMPLETED);
        assertThat(job.progress().total()).isEqualTo(450);
        List<StreamMessage<String, String>> entries = harness.redisSync().xrange(harness.trades(), Range.create("-", "+"));
        List<MarketEvent> trades = entries.stream().map(m -> StreamEntryCodec.decode(m.getBody())).toList();
        assertThat(trades).containsExactlyInAnyOrderElementsOf(archived.subList(0, 400));
        assertThat(trades).extracting(e -> e.meta().sourceTime()).isSorted();
        assertThat(harness.redisSync().xlen(harness.marketData())).isEqualTo(50);
        await().atMost(Duration.ofSeconds(20)).until(() -> meters.counter("tickstream.backup.duplicates.skipped",
                "table", harness.schema.table("market_trades")).count() == 400);
        assertThat(harness.rows("market_trades")).isEqualTo(500);

        // asked for by type, without a symbol: every archived trade in the range
        replay.start(new ReplayRequest(time(0), time(100), null, List.of("trade"), 50_000)).done().block(Duration.ofSeconds(30));
        assertThat(harness.redisSync().xlen(harness.trades())).isEqualTo(400 + 500);
    }

    @Test
    void aSymbolAndATimeRangeSelectOnlyThoseQuotes() {
        List<MarketEvent> archived = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> archived.add(BackupFixtures.quote(i)));
        IntStream.range(0, 300).forEach(i -> archived.add(BackupFixtures.quote("kraken", "ETH", i)));
        IntStream.range(0, 10).forEach(i -> archived.add(BackupFixtures.summary(i)));
        archive(archived);

        ReplayJob job = replay.start(new ReplayRequest(time(100), time(200), "ETH", null, 50_000));
        job.done().block(Duration.ofSeconds(30));

        List<StreamMessage<String, String>> entries = harness.redisSync().xrange(harness.marketData(), Range.create("-", "+"));
        assertThat(entries).hasSize(100);
        assertThat(entries).allSatisfy(m -> assertThat(m.getBody()).containsEntry("symbol", "ETH"));
        assertThat(entries.getFirst().getBody().get("id")).isEqualTo(BackupFixtures.quote("kraken", "ETH", 100).meta().id());
        assertThat(entries.getLast().getBody().get("id")).isEqualTo(BackupFixtures.quote("kraken", "ETH", 199).meta().id());
        assertThat(harness.redisSync().exists(harness.streams.dashboard())).isZero();
    }

    @Test
    void theRateIsHeldAndProgressIsReported() {
        archive(new ArrayList<>(BackupFixtures.quotes(600)));

        long started = System.nanoTime();
        ReplayJob job = replay.start(new ReplayRequest(time(0), time(600), null, List.of("quote"), 1_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> job.progress().published() > 0);
        assertThat(job.progress().state()).isEqualTo(ReplayJob.State.RUNNING);
        assertThat(job.progress().percent()).isLessThan(100.0);
        assertThatThrownBy(() -> replay.start(new ReplayRequest(time(0), time(1), null, null, null)))
                .isInstanceOf(IllegalStateException.class);
        job.done().block(Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(job.progress().percent()).isEqualTo(100.0);
        assertThat(harness.redisSync().xlen(harness.marketData())).isEqualTo(600);
    }

    @Test
    void aCancelledReplayStopsPublishing() {
        archive(new ArrayList<>(BackupFixtures.quotes(600)));
        ReplayJob job = replay.start(new ReplayRequest(time(0), time(600), null, null, 100));
        await().atMost(Duration.ofSeconds(5)).until(() -> job.progress().published() > 0);

        job.cancel();
        job.done().block(Duration.ofSeconds(5));
        long published = job.progress().published();

        assertThat(job.progress().state()).isEqualTo(ReplayJob.State.CANCELLED);
        assertThat(job.progress().finishedAt()).isNotNull();
        long appended = harness.redisSync().xlen(harness.marketData());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> harness.redisSync().xlen(harness.marketData()) == appended);
        // a chunk (a tenth of a second at 100/s = 10 entries) may have been in flight when it was cancelled
        assertThat(appended).isBetween(published, published + 10);
        assertThat(appended).isLessThan(600);
        // and another replay may start now
        replay.start(new ReplayRequest(time(0), time(1), null, null, null)).done().block(Duration.ofSeconds(5));
    }

    @Test
    void replayedEntriesAreSkippedByTheArchiverAsDuplicates() {
        archive(new ArrayList<>(BackupFixtures.quotes(400)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        harness.startArchiver(BackupHarness.properties("a", 100, Duration.ofMinutes(10), 3), meters);

        replay.start(new ReplayRequest(time(0), time(400), null, null, 50_000)).done().block(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(20)).until(() -> meters.counter("tickstream.backup.duplicates.skipped",
                "table", harness.schema.table("market_quotes")).count() == 400);
        assertThat(harness.rows("market_quotes")).isEqualTo(400);
    }

    @Test
    void invalidRequestsAreRejected() {
        assertThatThrownBy(() -> replay.start(new ReplayRequest(time(10), time(5), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> replay.start(new ReplayRequest(time(0), time(5), "xbt!", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> replay.start(new ReplayRequest(time(0), time(5), null, List.of("order_book"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order_book");
        assertThatThrownBy(() -> replay.start(new ReplayRequest(time(0), time(5), "BTC", List.of("market_summary"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> replay.start(new ReplayRequest(time(0), time(5), null, null, 1_000_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratePerSecond");
    }

    private void archive(List<MarketEvent> events) {
        List<DecodedEntry> rows = IntStream.range(0, events.size())
                .mapToObj(i -> new DecodedEntry("1-" + i, events.get(i))).toList();
        harness.writer().write(rows).block();
    }

    private static Instant time(int offsetMillis) {
        return Instant.ofEpochMilli(BackupFixtures.BASE_TIME + offsetMillis);
    }

}
