package io.tickstream.backup.rollup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupHarness;
import io.tickstream.common.event.MarketEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tickstream.backup.rollup.CandleFixtures.at;
import static io.tickstream.backup.rollup.CandleFixtures.bar;
import static io.tickstream.backup.rollup.CandleFixtures.quote;
import static io.tickstream.backup.rollup.CandleFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bars of the backfill (stream {@code crypto:bars}) meeting the live candles of the same series. */
class BackfillIntegrationTests {

    private final BackupHarness harness = new BackupHarness();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DerivedCandles derived = new DerivedCandles(harness.pool, harness.schema, RollupProperties.defaults(), meters);

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void backfilledBarsAndLiveCandlesJoinWithoutAGapOrADoubleCount() {
        harness.startArchiver(BackupHarness.properties("a", 50, Duration.ofMinutes(10), 5), meters);
        // live since minute 4 (a partial minute: the service started at 4:30)
        List<MarketEvent> live = new ArrayList<>();
        for (int minute = 4; minute < 10; minute++) {
            live.add(quote(at(minute, minute == 4 ? 30_000 : 1_000), "100" + minute + ".5"));
            live.add(quote(at(minute, 50_000), "100" + minute + ".7"));
            live.add(trade(10L * minute, at(minute, 40_000), "100" + minute + ".6", "0.25"));
        }
        harness.publish(live);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(harness.queryLong("SELECT sum(trades) FROM " + candles() + " WHERE source = 'binance'")).isEqualTo(6));

        // the backfill: closed bars of minutes 0..5, overlapping the live minutes 4 and 5; one 5-minute bar (ignored)
        List<MarketEvent> bars = new ArrayList<>();
        for (int minute = 0; minute < 6; minute++) {
            bars.add(bar("binance", minute, "200" + minute, "210" + minute, "190" + minute, "205" + minute, "3.5", 40));
        }
        bars.add(bar("binance", 0, 300, "1", "9", "1", "2", "99", 1));
        harness.publish(bars);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(harness.queryLong("SELECT count(*) FROM " + candles() + " WHERE origin = 'backfill'")).isEqualTo(6));

        // late live rows for minute 5 (held by its bar now) and minute 6 (live)
        harness.publish(List.of(quote(at(5, 59_000), "999999"), trade(999, at(5, 59_500), "999999", "7"),
                quote(at(6, 59_000), "1006.9"), trade(1000, at(6, 59_500), "1006.8", "1")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(harness.queryString("SELECT close FROM " + candles() + " WHERE source = 'binance' AND open_time = "
                        + ts(at(6, 0)))).isEqualTo("1006.9"));

        // minutes 0..9, one candle each: no gap, the bar's values where there was one, live after
        assertThat(harness.queryString("SELECT string_agg(extract(epoch FROM open_time - " + ts(at(0, 0)) + ")::int / 60 || ':' || origin"
                + " || ':' || open || '/' || close || ':' || coalesce(base_volume::text, '-') || ':' || ticks, ' ' ORDER BY open_time)"
                + " FROM " + candles() + " WHERE source = 'binance'"))
                .isEqualTo("0:backfill:2000/2050:3.5:40 1:backfill:2001/2051:3.5:40 2:backfill:2002/2052:3.5:40"
                        + " 3:backfill:2003/2053:3.5:40 4:backfill:2004/2054:3.5:40 5:backfill:2005/2055:3.5:40"
                        + " 6:live:1006.5/1006.9:1.25:3 7:live:1007.5/1007.7:0.25:2 8:live:1008.5/1008.7:0.25:2"
                        + " 9:live:1009.5/1009.7:0.25:2");

        derived.deriveAll().block();
        String fiveMinutes = "SELECT string_agg(origin || ':' || open || '/' || high || '/' || low || '/' || close || ':' || base_volume"
                + " || ':' || ticks || ':' || trades, ' ' ORDER BY open_time) FROM " + harness.schema.table("candles_derived")
                + " WHERE interval_s = 300 AND source = 'binance'";
        assertThat(harness.queryString(fiveMinutes))
                .isEqualTo("backfill:2000/2104/1900/2054:17.5:200:200 mixed:2005/2105/1006.5/1009.7:5.50:49:45");
        assertThat(harness.queryString("SELECT origin || ':' || base_volume || ':' || ticks FROM " + harness.schema.table("candles_derived")
                + " WHERE interval_s = 3600 AND source = 'binance'")).isEqualTo("mixed:23.00:249");
    }

    private String candles() {
        return harness.schema.table("candles_1m");
    }

    private static String ts(long millis) {
        return "to_timestamp(" + millis / 1000 + ")";
    }
}
