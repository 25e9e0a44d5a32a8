package io.tickstream.query.reports;

import io.tickstream.query.QueryTestSettings;

import java.time.Instant;

/**
 * A small archive of the UTC day 2026-11-02 (and its warm-up) whose report figures are known exactly:
 * <ul>
 *   <li>BTC consensus hourly 100, 110, 99, 121 (change +21.00 %, volatility 16.2668 %), a warm-up close of 90
 *       the day before and a close of 500 the day after (neither counts); binance and kraken quotes in the
 *       same minutes (largest spread 1.3761 % at 01:00, kraken furthest from the consensus, 0.8678 % on
 *       average); binance's 24 h volume 1,000 → 1,500 → 2,000;</li>
 *   <li>ETH consensus 200 → 180 (−10.00 %), a stale kraken quote; SOL consensus 50 → 55 (+10.00 %);</li>
 *   <li>DOGE: 40 flat warm-up closes of 1, then 1.1, 0.9, 0.8 (−27.27 %, volatility 4.9997 %): the signals of
 *       {@link SignalScannerTests};</li>
 *   <li>market summaries: cap 2.0 → 2.1 T (+5.00 %), volume 100 → 90 G, BTC dominance 50.5 → 51, fear &amp;
 *       greed 40 (Fear) → 55 (Greed);</li>
 *   <li>health: binance up since the day before, rate limited 06:00-07:30 (uptime 93.75 %); kraken degraded
 *       from 12:00 (50 %).</li>
 * </ul>
 */
final class ReportFixtures {

    static final String DAY = "2026-11-02";

    private ReportFixtures() {
    }

    static Instant at(String time) {
        return Instant.parse(DAY + "T" + time + "Z");
    }

    static void archive(QueryTestSettings settings) {
        quote(settings, "consensus", "BTC", "90", Instant.parse("2026-11-01T23:00:00Z"), null, false);
        quote(settings, "consensus", "BTC", "100", at("00:00:00"), null, false);
        quote(settings, "consensus", "BTC", "110", at("01:00:00"), null, false);
        quote(settings, "consensus", "BTC", "99", at("02:00:00"), null, false);
        quote(settings, "consensus", "BTC", "121", at("03:00:00"), null, false);
        quote(settings, "consensus", "BTC", "500", Instant.parse("2026-11-03T00:00:00Z"), null, false);
        quote(settings, "binance", "BTC", "100.5", at("00:30:00"), "1000", false);
        quote(settings, "binance", "BTC", "110.5", at("01:00:10"), "1500", false);
        quote(settings, "kraken", "BTC", "109", at("01:00:20"), null, false);
        quote(settings, "binance", "BTC", "121", at("03:00:10"), null, false);
        quote(settings, "kraken", "BTC", "120", at("03:00:20"), null, false);
        quote(settings, "binance", "BTC", "121.5", at("03:30:00"), "2000", false);

        quote(settings, "consensus", "ETH", "200", at("00:00:00"), null, false);
        quote(settings, "consensus", "ETH", "180", at("03:00:00"), null, false);
        quote(settings, "kraken", "ETH", "150", at("02:00:00"), null, true);
        quote(settings, "consensus", "SOL", "50", at("00:00:00"), null, false);
        quote(settings, "consensus", "SOL", "55", at("03:00:00"), null, false);

        settings.sql("""
                INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'quote:consensus:DOGE:USD:' || h, 'DOGE', 'USD', 'consensus', 1, TIMESTAMPTZ '%s' - h * interval '1 hour', now(), 1, 'tp', '1-0'
                FROM generate_series(1, 40) AS h""".formatted(at("00:00:00")));
        quote(settings, "consensus", "DOGE", "1.1", at("00:00:00"), null, false);
        quote(settings, "consensus", "DOGE", "0.9", at("01:00:00"), null, false);
        quote(settings, "consensus", "DOGE", "0.8", at("02:00:00"), null, false);

        summary(settings, "coingecko", "2000000000000", "100000000000", "50.5", null, null, at("00:10:00"));
        summary(settings, "coingecko", "2100000000000", "90000000000", "51.0", null, null, at("23:00:00"));
        summary(settings, "alternative_me", null, null, null, "40", "Fear", at("00:05:00"));
        summary(settings, "alternative_me", null, null, null, "55", "Greed", at("20:00:00"));

        health(settings, "binance", "up", "down", Instant.parse("2026-11-01T12:00:00Z"));
        health(settings, "binance", "rate_limited", "up", at("06:00:00"));
        health(settings, "binance", "up", "rate_limited", at("07:30:00"));
        health(settings, "kraken", "degraded", "up", at("12:00:00"));
    }

    static void quote(QueryTestSettings settings, String source, String symbol, String price, Instant time, String volume,
                      boolean stale) {
        settings.sql("INSERT INTO market_quotes (id, symbol, quote, source, price, volume_24h, stale, source_time, ingest_time,"
                + " schema_version, traceparent, stream_id) VALUES ('quote:%s:%s:USD:%d', '%s', 'USD', '%s', %s, %s, %s, '%s', now(), 1, 'tp', '1-0')"
                .formatted(source, symbol, time.toEpochMilli(), symbol, source, price, volume == null ? "NULL" : volume, stale, time));
    }

    private static void summary(QueryTestSettings settings, String source, String cap, String volume, String btc, String fng,
                                String label, Instant time) {
        settings.sql("INSERT INTO market_summaries (id, source, total_market_cap_usd, total_volume_usd, btc_dominance_pct,"
                + " fear_greed_value, fear_greed_label, source_time, ingest_time, schema_version, traceparent, stream_id)"
                + " VALUES ('summary:%s:%d', '%s', %s, %s, %s, %s, %s, '%s', now(), 1, 'tp', '1-0')"
                .formatted(source, time.toEpochMilli(), source, cap, volume, btc, fng, label == null ? "NULL" : "'" + label + "'", time));
    }

    private static void health(QueryTestSettings settings, String source, String state, String previous, Instant time) {
        settings.sql("INSERT INTO source_health (id, source, state, previous_state, reason, source_time, ingest_time,"
                + " schema_version, traceparent, stream_id) VALUES ('health:%s:%d', '%s', '%s', '%s', 'test', '%s', now(), 1, 'tp', '1-0')"
                .formatted(source, time.toEpochMilli(), source, state, previous, time));
    }
}
