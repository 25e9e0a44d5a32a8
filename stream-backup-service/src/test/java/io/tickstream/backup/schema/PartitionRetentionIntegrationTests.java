package io.tickstream.backup.schema;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention drops whole monthly partitions past the limit, never one that still holds a row inside it. */
class PartitionRetentionIntegrationTests {

    /** "Now" of the test: 2026-12-07 12:00 UTC. Raw retention 30 days reaches 2026-11-07, 1m candles 90 days 2026-09-08. */
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final BackupHarness harness = new BackupHarness();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DatabaseClient db = DatabaseClient.create(harness.pool);

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void dropsTheMonthsWhollyPastEachTablesRetentionAndKeepsTheRest() {
        new MonthlyPartitions(db, harness.schema, CLOCK, meters, RetentionProperties.defaults()).ensureAhead().block();
        // candles_1m got its months back to the retention (September) at once; the raw tables from this month
        assertThat(partitions("candles_1m")).containsExactly("candles_1m_p2026_09", "candles_1m_p2026_10",
                "candles_1m_p2026_11", "candles_1m_p2026_12", "candles_1m_p2027_01", "candles_1m_p2027_02");
        for (String month : List.of("2026_08", "2026_09", "2026_10", "2026_11")) {
            createPartition("market_quotes", month);
        }
        createPartition("candles_1m", "2026_08");
        createPartition("candles_1m", "2026_07");
        insertQuote("2026-10-31T23:59:59Z");
        insertQuote("2026-11-01T00:00:00Z"); // older than the limit, but its partition holds rows younger than it
        insertQuote("2026-11-30T23:00:00Z");
        insertDerived(300, "2025-12-01T00:00:00Z");  // older than 365 days
        insertDerived(300, "2025-12-08T00:00:00Z");  // younger
        insertDerived(3600, "2020-01-01T00:00:00Z"); // 1h: kept forever

        List<String> dropped = new PartitionRetention(db, harness.schema, RetentionProperties.defaults(), CLOCK, meters)
                .apply().block();

        assertThat(dropped).containsExactlyInAnyOrder(harness.schema.table("market_quotes_p2026_08"),
                harness.schema.table("market_quotes_p2026_09"), harness.schema.table("market_quotes_p2026_10"),
                harness.schema.table("candles_1m_p2026_07"), harness.schema.table("candles_1m_p2026_08"));
        assertThat(partitions("market_quotes")).containsExactly("market_quotes_p2026_11", "market_quotes_p2026_12",
                "market_quotes_p2027_01", "market_quotes_p2027_02");
        assertThat(partitions("candles_1m")).startsWith("candles_1m_p2026_09");
        // October's row went with its partition; November's rows stay, the whole month is not past the limit yet
        assertThat(harness.queryString("SELECT string_agg(to_char(source_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ',' ORDER BY source_time)"
                + " FROM " + harness.schema.table("market_quotes"))).isEqualTo("2026-11-01,2026-11-30");
        assertThat(harness.queryString("SELECT string_agg(interval_s || '@' || to_char(open_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ','"
                + " ORDER BY interval_s, open_time) FROM " + harness.schema.table("candles_derived")))
                .isEqualTo("300@2025-12-08,3600@2020-01-01");
        assertThat(harness.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = '" + harness.schema.name()
                + "' AND tablename = 'market_quotes_default'")).as("the default partition stays").isOne();
        assertThat(meters.counter("tickstream.backup.retention.dropped", "table", "market_quotes").count()).isEqualTo(3);

        // November goes once its last instant is 30 days old: not a second before
        new PartitionRetention(db, harness.schema, RetentionProperties.defaults(),
                Clock.fixed(Instant.parse("2026-12-30T23:59:59Z"), ZoneOffset.UTC), meters).apply().block();
        assertThat(partitions("market_quotes")).first().isEqualTo("market_quotes_p2026_11");
        new PartitionRetention(db, harness.schema, RetentionProperties.defaults(),
                Clock.fixed(Instant.parse("2026-12-31T00:00:00Z"), ZoneOffset.UTC), meters).apply().block();
        assertThat(partitions("market_quotes")).first().isEqualTo("market_quotes_p2026_12");
        assertThat(harness.rows("market_quotes")).isZero();
    }

    @Test
    void keepsEverythingWhenRetentionIsZeroAndRefusesCandlesThatDieBeforeTheirRows() {
        createPartition("market_trades", "2020_01");
        RetentionProperties forever = new RetentionProperties(true, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        assertThat(new PartitionRetention(db, harness.schema, forever, CLOCK, meters).apply().block()).isEmpty();
        assertThat(partitions("market_trades")).contains("market_trades_p2020_01");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetentionProperties(true, Duration.ofDays(30),
                        Duration.ofDays(7), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlive");
    }

    private List<String> partitions(String table) {
        String names = harness.queryString("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                + " JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = '" + harness.schema.name()
                + "' AND p.relname = '" + table + "' AND c.relname <> '" + table + "_default'");
        return names == null ? List.of() : List.of(names.split(","));
    }

    private void createPartition(String table, String month) {
        String from = month.replace('_', '-') + "-01";
        String to = java.time.YearMonth.parse(month.replace('_', '-')).plusMonths(1).atDay(1).toString();
        execute("CREATE TABLE IF NOT EXISTS " + harness.schema.table(table + "_p" + month) + " PARTITION OF "
                + harness.schema.table(table) + " FOR VALUES FROM ('" + from + " 00:00:00+00') TO ('" + to + " 00:00:00+00')");
    }

    private void insertQuote(String time) {
        execute("INSERT INTO " + harness.schema.table("market_quotes") + " (id, symbol, quote, source, price, source_time,"
                + " ingest_time, schema_version, traceparent, stream_id) VALUES ('q" + time + "', 'BTC', 'USD', 'x', 1, '"
                + time + "', '" + time + "', 1, 't', '1-0')");
    }

    private void insertDerived(int interval, String time) {
        execute("INSERT INTO " + harness.schema.table("candles_derived") + " (interval_s, symbol, source, quote, open_time,"
                + " origin) VALUES (" + interval + ", 'BTC', 'x', 'USD', '" + time + "', 'live')");
    }

    private void execute(String sql) {
        try (var c = java.sql.DriverManager.getConnection(harness.pg.jdbcUrl(), harness.pg.user(), harness.pg.password());
             var s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
