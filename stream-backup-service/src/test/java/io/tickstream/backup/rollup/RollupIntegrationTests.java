package io.tickstream.backup.rollup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupHarness;
import io.tickstream.backup.archive.DecodedEntry;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.market.CandleJsonSql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.tickstream.backup.rollup.CandleFixtures.at;
import static io.tickstream.backup.rollup.CandleFixtures.quote;
import static io.tickstream.backup.rollup.CandleFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The 1-minute candles kept by the archive and the longer ones derived from them, against the raw rows. */
class RollupIntegrationTests {

    private final BackupHarness harness = new BackupHarness();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DerivedCandles derived = new DerivedCandles(harness.pool, harness.schema, RollupProperties.defaults(), meters);

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void candlesOfEveryWidthEqualADirectAggregationOfTheRawRows() {
        List<MarketEvent> events = market(new Random(18), 0, 75);
        Collections.shuffle(events, new Random(7)); // out of order, across batches
        harness.publish(events);

        // small batches: a minute's quotes arrive in several batches, its trades on another loop at the same time
        harness.startArchiver(BackupHarness.properties("a", 7, Duration.ofMinutes(10), 5), meters);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(harness.rows("market_quotes") + harness.rows("market_trades")).isEqualTo(events.size()));
        assertThat(derived.deriveAll().block()).isPositive();

        String minutes = harness.queryString(candles1m());
        assertThat(minutes).isEqualTo(harness.queryString(rawAggregation(60)));
        // not trivially equal: every series of the fixture is there, minutes with quotes, volume, and coinbase's
        // minutes with trades but no quote
        assertThat(harness.queryLong("SELECT count(DISTINCT (source, quote)) FROM " + harness.schema.table("candles_1m")))
                .isEqualTo(3); // binance USDT, consensus USD, coinbase USD
        assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("candles_1m")
                + " WHERE source = 'binance' AND open IS NOT NULL AND base_volume > 0")).isEqualTo(75);
        assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("candles_1m")
                + " WHERE source = 'coinbase' AND open IS NULL AND base_volume > 0")).isPositive();
        for (int width : new int[] {300, 900, 3_600, 14_400, 86_400}) {
            assertThat(harness.queryString(derivedCandles(width))).as(width + " s")
                    .isEqualTo(harness.queryString(rawAggregation(width)));
        }
        assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("candles_derived")
                + " WHERE interval_s = 300 AND source = 'binance'")).isEqualTo(15);
        // each derived candle carries its answer's JSON, stored as it was derived, equal to its columns rendered
        assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("candles_derived")
                + " WHERE wire IS NULL OR wire <> " + CandleJsonSql.expression())).isZero();
        assertThat(harness.queryString("SELECT wire FROM " + harness.schema.table("candles_derived")
                + " WHERE interval_s = 300 AND source = 'binance' ORDER BY open_time LIMIT 1"))
                .matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z\",\"open\":\"[0-9.]+\",\"high\":\"[0-9.]+\","
                        + "\"low\":\"[0-9.]+\",\"close\":\"[0-9.]+\",\"volume\":\"[0-9.]+\",\"quoteVolume\":\"[0-9.]+\","
                        + "\"ticks\":\\d+,\"trades\":\\d+,\"origin\":\"live\"}");
        assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("candle_dirty"))).isZero();
        assertThat(harness.queryString("SELECT first_open = min_t AND last_open = max_t FROM " + harness.schema.table("candle_series")
                + " s, (SELECT min(open_time) min_t, max(open_time) max_t FROM " + harness.schema.table("candles_1m")
                + " WHERE source = 'binance') m WHERE s.source = 'binance'")).isEqualTo("t");
    }

    @Test
    void aRedeliveredBatchCountsNothingTwice() {
        List<DecodedEntry> first = decoded(market(new Random(3), 0, 3));
        List<DecodedEntry> second = decoded(market(new Random(4), 3, 6));
        harness.writer().write(first).block();
        String before = harness.queryString(candles1m());

        // the consumer died after the commit, before XACK: the same batch again, then again with new entries
        harness.writer().write(first).block();
        assertThat(harness.queryString(candles1m())).isEqualTo(before);
        List<DecodedEntry> both = new ArrayList<>(first);
        both.addAll(second);
        harness.writer().write(both).block();

        assertThat(harness.queryString(candles1m())).isEqualTo(harness.queryString(rawAggregation(60)));
        assertThat(harness.queryLong("SELECT sum(ticks) FROM " + harness.schema.table("candles_1m")))
                .isEqualTo(harness.rows("market_quotes"));
        derived.deriveAll().block();
        derived.deriveAll().block(); // a round again changes nothing
        assertThat(harness.queryString(derivedCandles(300))).isEqualTo(harness.queryString(rawAggregation(300)));
    }

    @Test
    void aRoundHeldByAnotherInstanceIsSkippedAndItsMinutesStayMarked() throws Exception {
        harness.writer().write(decoded(market(new Random(5), 0, 2))).block();
        try (var c = java.sql.DriverManager.getConnection(harness.pg.jdbcUrl(), harness.pg.user(), harness.pg.password())) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(hashtext('" + harness.schema.name() + ".candles_derived'))");
            }
            assertThat(derived.deriveOnce().block()).isZero();
            c.rollback();
        }
        assertThat(harness.queryLong("SELECT count(*) FROM " + harness.schema.table("candle_dirty"))).isPositive();
        assertThat(derived.deriveAll().block()).isPositive();
        assertThat(harness.queryString(derivedCandles(300))).isEqualTo(harness.queryString(rawAggregation(300)));
    }

    /**
     * Minutes {@code from} to {@code to} (exclusive) of a small market: binance BTC/USDT quotes and trades,
     * consensus BTC/USD quotes, coinbase BTC/USD trades without quotes (volume only).
     */
    static List<MarketEvent> market(Random random, int from, int to) {
        List<MarketEvent> events = new ArrayList<>();
        long tradeId = 1_000_000L * (from + 1);
        for (int minute = from; minute < to; minute++) {
            for (int i = 0; i < 2 + random.nextInt(5); i++) {
                events.add(quote(at(minute, random.nextInt(60_000)), price(random)));
            }
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                events.add(quote("consensus", "BTC", "USD", at(minute, random.nextInt(60_000)), price(random)));
            }
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                events.add(trade(tradeId++, at(minute, random.nextInt(60_000)), price(random), size(random)));
            }
            if (minute % 3 == 0) {
                events.add(trade("coinbase", "USD", tradeId++, at(minute, random.nextInt(60_000)), price(random), size(random)));
            }
        }
        return events;
    }

    private static String price(Random random) {
        return "67" + (100 + random.nextInt(900)) + "." + random.nextInt(100);
    }

    private static String size(Random random) {
        return "0." + (1 + random.nextInt(9999));
    }

    static List<DecodedEntry> decoded(List<MarketEvent> events) {
        List<DecodedEntry> entries = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            entries.add(new DecodedEntry("1-" + i, events.get(i)));
        }
        return entries;
    }

    private String candles1m() {
        return "SELECT string_agg(concat_ws('|', symbol, source, quote, open_time, coalesce(open::text, '-'),"
                + " coalesce(high::text, '-'), coalesce(low::text, '-'), coalesce(close::text, '-'), ticks,"
                + " coalesce(base_volume::text, '-'), coalesce(quote_volume::text, '-'), coalesce(trades::text, '-')), E'\\n'"
                + " ORDER BY symbol, source, quote, open_time) FROM " + harness.schema.table("candles_1m");
    }

    private String derivedCandles(int width) {
        return "SELECT string_agg(concat_ws('|', symbol, source, quote, open_time, coalesce(open::text, '-'),"
                + " coalesce(high::text, '-'), coalesce(low::text, '-'), coalesce(close::text, '-'), ticks,"
                + " coalesce(base_volume::text, '-'), coalesce(quote_volume::text, '-'), coalesce(trades::text, '-')), E'\\n'"
                + " ORDER BY symbol, source, quote, open_time) FROM " + harness.schema.table("candles_derived")
                + " WHERE interval_s = " + width;
    }

    /** The candles of {@code width} seconds aggregated straight from the raw quotes and trades. */
    private String rawAggregation(int width) {
        String bucket = "date_bin(interval '" + width + " seconds', source_time, TIMESTAMPTZ '2000-01-01 00:00:00+00')";
        return "WITH q AS (SELECT symbol, source, quote, " + bucket + " AS t,"
                + " (array_agg(price ORDER BY source_time))[1] AS o, max(price) AS h, min(price) AS l,"
                + " (array_agg(price ORDER BY source_time DESC))[1] AS c, count(*) AS n"
                + " FROM " + harness.schema.table("market_quotes") + " GROUP BY 1, 2, 3, 4),"
                + " tr AS (SELECT symbol, source, quote, price, size, source_time FROM " + harness.schema.table("market_trades")
                + " UNION ALL SELECT symbol, 'consensus', 'USD', price, size, source_time FROM "
                + harness.schema.table("market_trades") + " WHERE quote IN ('USD', 'USDT', 'USDC')),"
                + " v AS (SELECT symbol, source, quote, " + bucket + " AS t, sum(size) AS bv, sum(price * size) AS qv,"
                + " count(*) AS k FROM tr GROUP BY 1, 2, 3, 4)"
                + " SELECT string_agg(concat_ws('|', symbol, source, quote, t, coalesce(o::text, '-'), coalesce(h::text, '-'),"
                + " coalesce(l::text, '-'), coalesce(c::text, '-'), coalesce(n, 0), coalesce(bv::text, '-'),"
                + " coalesce(qv::text, '-'), coalesce(k::text, '-')), E'\\n' ORDER BY symbol, source, quote, t)"
                + " FROM q FULL JOIN v USING (symbol, source, quote, t)";
    }
}
