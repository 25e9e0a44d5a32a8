package io.tickstream.backup.archive;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.StreamEntryCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ArchiverIntegrationTests {

    private static final Duration LONG_IDLE = Duration.ofMinutes(10);

    private final BackupHarness harness = new BackupHarness();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void archivesEveryEntryOfEveryStreamOnceWithItsValuesAndAcknowledgesIt() {
        List<MarketEvent> events = new ArrayList<>(BackupFixtures.quotes(1200));
        IntStream.range(0, 30).forEach(i -> events.add(BackupFixtures.summary(i)));
        IntStream.range(0, 20).forEach(i -> events.add(BackupFixtures.health(i)));
        harness.publish(events);
        harness.publish(BackupFixtures.quotes(10)); // the same events again: duplicates upstream

        harness.startArchiver(BackupHarness.properties("a", 500, LONG_IDLE, 5), meters);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(harness.rows("market_quotes")).isEqualTo(1200);
            assertThat(harness.rows("market_summaries")).isEqualTo(30);
            assertThat(harness.rows("source_health")).isEqualTo(20);
            harness.streams.all(harness.partitions).forEach(s -> assertThat(harness.pending(s)).as(s).isZero());
        });
        assertThat(harness.distinctIds("market_quotes")).isEqualTo(1200);
        Quote q = BackupFixtures.quote(7);
        assertThat(harness.queryString("SELECT price::text || '|' || (extract(epoch FROM source_time) * 1000)::bigint"
                + " || '|' || coalesce(consensus_sources::text, '-') FROM " + harness.schema.table("market_quotes")
                + " WHERE id = '" + q.meta().id() + "'"))
                .isEqualTo("67000.7|" + q.meta().sourceTime() + "|-");
        assertThat(meters.counter("tickstream.backup.duplicates.skipped", "table", harness.schema.table("market_quotes"))
                .count()).isEqualTo(10);
        // the group read everything: nothing is left for it
        assertThat(harness.redisSync().xreadgroup(Consumer.from("backup", "probe"),
                XReadArgs.StreamOffset.lastConsumed(harness.marketData()))).isEmpty();
    }

    @Test
    void tradesAreArchivedOnceEvenWhenAReconnectAppendsThemTwice() {
        List<Trade> trades = BackupFixtures.trades(300);
        harness.publish(trades.subList(0, 200));
        // the feed reconnects and its replay overlaps what was appended: trades 150..299, 150..199 again
        harness.publish(trades.subList(150, 300));
        // a gap fill over REST reports trade 10 a millisecond off (a venue's time rounded another way)
        Trade t10 = trades.get(10);
        harness.publish(List.of(new Trade(EventMeta.of(t10.meta().id(), t10.meta().source(), t10.meta().sourceTime() + 1,
                t10.meta().ingestTime() + 60_000, t10.meta().traceparent()), t10.symbol(), t10.quote(), t10.price(),
                t10.size(), t10.side(), t10.tradeId())));

        harness.startArchiver(BackupHarness.properties("a", 100, LONG_IDLE, 5), meters);

        String table = harness.schema.table("market_trades");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(harness.rows("market_trades")).isEqualTo(300);
            assertThat(harness.pending(harness.trades())).isZero();
            assertThat(meters.counter("tickstream.backup.duplicates.skipped", "table", table).count()).isEqualTo(51);
        });
        assertThat(harness.distinctIds("market_trades")).isEqualTo(300);
        Trade t = trades.get(7);
        assertThat(harness.queryString("SELECT symbol || '|' || quote || '|' || source || '|' || price::text || '|' || size::text"
                + " || '|' || side || '|' || trade_id || '|' || (extract(epoch FROM source_time) * 1000)::bigint"
                + " || '|' || stream_id FROM " + table + " WHERE id = 'trade:binance:BTC:USDT:9000007'"))
                .isEqualTo("BTC|USDT|binance|67000.7|0.008|sell|9000007|" + t.meta().sourceTime() + "|"
                        + harness.redisSync().xrange(harness.trades(), io.lettuce.core.Range.create("-", "+")).get(7).getId());
        assertThat(harness.queryLong("SELECT (extract(epoch FROM source_time) * 1000)::bigint FROM " + table
                + " WHERE id = '" + t10.meta().id() + "'")).as("the first copy is kept").isEqualTo(t10.meta().sourceTime());
        // and it was archived into this month's partition, not the default one
        assertThat(harness.queryLong("SELECT count(*) FROM " + table + "_default")).isZero();
    }

    @Test
    void aConsumerKilledBeforeTheCommitLosesNothing() {
        harness.publish(BackupFixtures.quotes(1000));
        // consumer "dead" is given 400 entries and dies before writing them
        List<StreamMessage<String, String>> taken = readAsConsumer("dead", 400);
        assertThat(taken).hasSize(400);

        harness.startArchiver(BackupHarness.properties("survivor", 200, Duration.ofMillis(500), 5), meters);

        awaitAllArchived(1000);
        assertThat(meters.counter("tickstream.backup.reclaimed", "stream", harness.marketData()).count())
                .isEqualTo(400);
    }

    @Test
    void aConsumerKilledAfterTheCommitBeforeTheAckDuplicatesNothing() {
        harness.publish(BackupFixtures.quotes(1000));
        List<StreamMessage<String, String>> taken = readAsConsumer("dead", 400);
        // "dead" commits its batch, then dies before XACK
        harness.writer().write(taken.stream()
                .map(m -> new DecodedEntry(m.getId(), StreamEntryCodec.decode(m.getBody()))).toList()).block();
        assertThat(harness.rows("market_quotes")).isEqualTo(400);

        harness.startArchiver(BackupHarness.properties("survivor", 200, Duration.ofMillis(500), 5), meters);

        awaitAllArchived(1000);
        // the 400 committed entries come back as duplicates and add no row (awaitAllArchived checks rows =
        // keys); on a loaded machine the survivor's own batch can outlast the 500 ms claim idle time and be
        // claimed and skipped once more, so the count is at least 400 (800 was seen in CI)
        assertThat(meters.counter("tickstream.backup.duplicates.skipped", "table", harness.schema.table("market_quotes"))
                .count()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void replacedConsumersAreReclaimedThenForgotten() {
        harness.publish(BackupFixtures.quotes(500));
        readAsConsumer("pod-old", 200); // a replaced pod: its leftovers must be found, then its name dropped
        ArchiveProperties p = BackupHarness.properties("pod-new", 100, Duration.ofMillis(500), 5);
        harness.startArchiver(new ArchiveProperties(true, p.group(), "pod-new", p.batchSize(), p.batchWait(),
                p.maxDeliveries(), p.redeliveryDelay(), p.claimMinIdle(), p.claimInterval(), p.backoffMin(),
                p.backoffMax(), p.writeTimeout(), p.deadLetterMaxLength(), Duration.ofSeconds(1), p.copyMinRows()), meters);

        awaitAllArchived(500);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumers()).containsExactly("pod-new"));
    }

    private List<String> consumers() {
        List<String> names = new ArrayList<>();
        for (Object c : harness.redisSync().xinfoConsumers(harness.marketData(), "backup")) {
            List<?> pairs = (List<?>) c;
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                if ("name".equals(String.valueOf(pairs.get(i)))) {
                    names.add(String.valueOf(pairs.get(i + 1)));
                }
            }
        }
        return names;
    }

    @Test
    void aRestartedConsumerFinishesItsOwnPendingEntriesFirstWithoutWaitingForTheClaim() {
        harness.publish(BackupFixtures.quotes(600));
        readAsConsumer("pod-0", 300);

        // same name, claim idle far away: only the own-pending pass can archive these
        harness.startArchiver(BackupHarness.properties("pod-0", 100, LONG_IDLE, 5), meters);

        awaitAllArchived(600);
    }

    @Test
    void aConsumerKilledMidFlightIsTakenOverWithoutLossOrDuplicates() {
        int total = 20_000;
        harness.publish(BackupFixtures.quotes(total));
        Archiver first = harness.startArchiver(BackupHarness.properties("first", 500, Duration.ofMillis(500), 5), meters);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.rows("market_quotes") > 2_000);
        first.kill(); // mid-batch: some writes in flight, some committed and not acknowledged

        harness.startArchiver(BackupHarness.properties("second", 500, Duration.ofMillis(500), 5), new SimpleMeterRegistry());

        awaitAllArchived(total);
    }

    @Test
    void twoInstancesShareTheGroupWithoutLoss() {
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        harness.startArchiver(BackupHarness.properties("a", 100, LONG_IDLE, 5), meters);
        harness.startArchiver(BackupHarness.properties("b", 100, LONG_IDLE, 5), metersB);
        int total = 8_000;
        for (int from = 0; from < total; from += 1000) {
            int start = from;
            harness.publish(IntStream.range(start, start + 1000).mapToObj(BackupFixtures::quote).toList());
        }

        awaitAllArchived(total);
        double a = batchEntries(meters);
        double b = batchEntries(metersB);
        assertThat(a + b).isEqualTo(total);
        assertThat(a).isPositive();
        assertThat(b).isPositive();
    }

    private double batchEntries(SimpleMeterRegistry registry) {
        var summary = registry.find("tickstream.backup.batch.size").tag("stream", harness.marketData()).summary();
        return summary == null ? 0 : summary.totalAmount();
    }

    private List<StreamMessage<String, String>> readAsConsumer(String consumer, int count) {
        harness.redisSync().xgroupCreate(XReadArgs.StreamOffset.from(harness.marketData(), "0"), "backup",
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true));
        return harness.redisSync().xreadgroup(Consumer.from("backup", consumer), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(harness.marketData()));
    }

    private void awaitAllArchived(int distinctKeys) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(harness.distinctIds("market_quotes")).isEqualTo(distinctKeys);
            assertThat(harness.pending(harness.marketData())).isZero();
        });
        assertThat(harness.rows("market_quotes")).as("rows = distinct idempotency keys").isEqualTo(distinctKeys);
    }
}
