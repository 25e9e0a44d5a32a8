package io.tickstream.backup.archive;

import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.backup.rollup.RollupProperties;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Batches sent by COPY through a staging table: the same rows and candles as the insert, and still exactly once. */
class CopyArchiveIntegrationTests {

    private static final List<String> TABLES = List.of("market_quotes", "market_trades", "market_summaries",
            "source_health", "candles_1m");

    @Test
    void copyWritesWhatTheInsertWritesRowsAndCandlesAlike() {
        List<DecodedEntry> batch = mixedBatch();
        try (BackupHarness copied = new BackupHarness(); BackupHarness inserted = new BackupHarness()) {
            Map<String, WriteResult> byCopy = writer(copied, 1).write(batch).block();
            Map<String, WriteResult> byInsert = writer(inserted, 0).write(batch).block();

            assertThat(byCopy.get(copied.schema.table("market_quotes"))).isEqualTo(new WriteResult(300, 0));
            assertThat(byInsert.get(inserted.schema.table("market_quotes"))).isEqualTo(new WriteResult(300, 0));
            for (String table : TABLES) {
                assertThat(contents(copied, table)).as(table).isNotEmpty().isEqualTo(contents(inserted, table));
            }
        }
    }

    @Test
    void aBatchCopiedAgainAddsNoRowAndCountsItsRowsAsSkipped() {
        List<DecodedEntry> batch = mixedBatch();
        try (BackupHarness harness = new BackupHarness()) {
            ArchiveWriter writer = writer(harness, 1);
            writer.write(batch).block();
            String candlesBefore = contents(harness, "candles_1m");

            Map<String, WriteResult> again = writer.write(batch).block();

            assertThat(again.get(harness.schema.table("market_quotes"))).isEqualTo(new WriteResult(0, 300));
            assertThat(again.get(harness.schema.table("market_trades"))).isEqualTo(new WriteResult(0, 200));
            assertThat(harness.rows("market_quotes")).isEqualTo(300);
            assertThat(harness.rows("market_trades")).isEqualTo(200);
            assertThat(contents(harness, "candles_1m")).isEqualTo(candlesBefore);
        }
    }

    @Test
    void textWithTabsNewlinesAndBackslashesArrivesAsSent() {
        String reason = "HTTP 503\tupstream \\ down\nretry\r\nlater, naïve €";
        long t = BackupFixtures.BASE_TIME;
        SourceHealthChanged health = new SourceHealthChanged(EventMeta.of(
                SourceHealthChanged.idempotencyKey("kraken", SourceState.DOWN, t), "kraken", t, t + 1, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                SourceState.DOWN, SourceState.UP, reason, null);
        try (BackupHarness harness = new BackupHarness()) {
            writer(harness, 1).write(List.of(new DecodedEntry("1-1", health))).block();

            assertThat(harness.queryString("SELECT reason FROM " + harness.schema.table("source_health"))).isEqualTo(reason);
            assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("source_health")
                    + " WHERE retry_after_ms IS NULL")).isEqualTo(1);
        }
    }

    private static ArchiveWriter writer(BackupHarness harness, int copyMinRows) {
        return new ArchiveWriter(harness.pool, harness.schema, RollupProperties.defaults(), copyMinRows);
    }

    private static List<DecodedEntry> mixedBatch() {
        List<MarketEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(BackupFixtures.quote("binance", i % 2 == 0 ? "BTC" : "ETH", i));
        }
        events.addAll(BackupFixtures.trades(200));
        for (int i = 0; i < 5; i++) {
            events.add(BackupFixtures.summary(i));
            events.add(BackupFixtures.health(i));
        }
        List<DecodedEntry> batch = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            batch.add(new DecodedEntry("1-" + i, events.get(i)));
        }
        return batch;
    }

    /** The table's rows as text, in a stable order, without the times of writing (which differ between two runs). */
    private static String contents(BackupHarness harness, String table) {
        return harness.queryString("SELECT string_agg(j, E'\\n' ORDER BY j) FROM (SELECT (to_jsonb(r) - 'archived_at'"
                + " - 'updated_at')::text AS j FROM " + harness.schema.table(table) + " r) x");
    }
}
