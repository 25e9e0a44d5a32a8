package io.tickstream.backup.rollup;

import io.tickstream.backup.schema.SchemaProperties;

import java.util.stream.Collectors;

/**
 * The SQL that keeps the 1-minute candles in the statement that archives quotes or trades. The archive's insert
 * becomes {@code WITH ins AS (INSERT ... ON CONFLICT DO NOTHING RETURNING ...)}, and only the rows it returns, the
 * ones really inserted, are aggregated per minute and merged into {@code candles_1m}: a redelivered or replayed
 * entry is skipped by the insert and so never counted twice. Everything is one statement, one commit.
 *
 * <p>Merging a minute's aggregate into a row already there: high and low by {@code greatest}/{@code least}, open
 * from the earlier and close from the later source time (kept in {@code open_at}/{@code close_at}), counts and
 * volumes added; so the row equals the aggregation of all the minute's raw rows whatever the batches and their
 * order. A row of origin {@code backfill} is never changed by live rows ({@code DO UPDATE ... WHERE origin =
 * 'live'}): the exchange's bar is authoritative for its minute. Each changed minute is marked in
 * {@code candle_dirty} for the derivation of the longer candles ({@link DerivedCandles}).
 *
 * <p>Trades add their volume to their own series and, in the consensus quote currencies, to the consensus series
 * of their symbol ({@link RollupProperties}).
 */
public final class LiveCandleSql {

    private final SchemaProperties schema;
    private final RollupProperties rollup;

    public LiveCandleSql(SchemaProperties schema, RollupProperties rollup) {
        this.schema = schema;
        this.rollup = rollup;
    }

    /** The quote archive's {@code insert} (no RETURNING) as the statement that also rolls its rows up; one row, {@code written}. */
    public String quotes(String insert) {
        String minute = CandleWidth.M1.bucketOf("source_time");
        return "WITH ins AS (" + insert + " RETURNING symbol, source, quote, price, source_time),"
                + " agg AS (SELECT symbol, source, quote, " + minute + " AS open_time,"
                + " (array_agg(price ORDER BY source_time))[1] AS open, min(source_time) AS open_at,"
                + " max(price) AS high, min(price) AS low,"
                + " (array_agg(price ORDER BY source_time DESC))[1] AS close, max(source_time) AS close_at,"
                + " count(*) AS ticks FROM ins GROUP BY 1, 2, 3, 4),"
                + " c AS (INSERT INTO " + schema.table("candles_1m") + " AS c"
                + " (symbol, source, quote, open_time, open, high, low, close, open_at, close_at, ticks, origin)"
                + " SELECT symbol, source, quote, open_time, open, high, low, close, open_at, close_at, ticks, 'live'"
                + " FROM agg ORDER BY symbol, source, quote, open_time"
                + " ON CONFLICT (symbol, source, quote, open_time) DO UPDATE SET"
                + " open = CASE WHEN c.open_at IS NULL OR EXCLUDED.open_at < c.open_at THEN EXCLUDED.open ELSE c.open END,"
                + " open_at = least(c.open_at, EXCLUDED.open_at),"
                + " high = greatest(c.high, EXCLUDED.high), low = least(c.low, EXCLUDED.low),"
                + " close = CASE WHEN c.close_at IS NULL OR EXCLUDED.close_at >= c.close_at THEN EXCLUDED.close ELSE c.close END,"
                + " close_at = greatest(c.close_at, EXCLUDED.close_at),"
                + " ticks = c.ticks + EXCLUDED.ticks, updated_at = now()"
                + " WHERE c.origin = 'live'),"
                + dirty("agg")
                + " SELECT count(*) AS written FROM ins";
    }

    /** The trade archive's {@code insert} as the statement that also adds the trades' volume; one row, {@code written}. */
    public String trades(String insert) {
        String currencies = rollup.consensusQuoteCurrencies().stream().map(c -> "'" + c + "'")
                .collect(Collectors.joining(", "));
        return "WITH ins AS (" + insert + " RETURNING symbol, source, quote, price, size, source_time),"
                + " tv AS (SELECT symbol, source, quote, price, size, source_time FROM ins"
                + " UNION ALL SELECT symbol, '" + rollup.consensusSource() + "', '" + rollup.consensusQuote() + "',"
                + " price, size, source_time FROM ins WHERE quote IN (" + currencies + ")),"
                + " agg AS (SELECT symbol, source, quote, " + CandleWidth.M1.bucketOf("source_time") + " AS open_time,"
                + " sum(size) AS base_volume, sum(price * size) AS quote_volume, count(*) AS trades FROM tv GROUP BY 1, 2, 3, 4),"
                + " c AS (INSERT INTO " + schema.table("candles_1m") + " AS c"
                + " (symbol, source, quote, open_time, base_volume, quote_volume, trades, origin)"
                + " SELECT symbol, source, quote, open_time, base_volume, quote_volume, trades, 'live'"
                + " FROM agg ORDER BY symbol, source, quote, open_time"
                + " ON CONFLICT (symbol, source, quote, open_time) DO UPDATE SET"
                + " base_volume = coalesce(c.base_volume, 0) + EXCLUDED.base_volume,"
                + " quote_volume = coalesce(c.quote_volume, 0) + EXCLUDED.quote_volume,"
                + " trades = coalesce(c.trades, 0) + EXCLUDED.trades, updated_at = now()"
                + " WHERE c.origin = 'live'),"
                + dirty("agg")
                + " SELECT count(*) AS written FROM ins";
    }

    /**
     * The bars' upsert over {@code rows} (a {@code FROM ...} clause giving {@code u.symbol, u.source, u.quote,
     * u.open_time, u.open, u.high, u.low, u.close, u.base_volume, u.quote_volume, u.trades}, typed): one row per
     * minute (copies of one bar in a batch are the same bar), replacing whatever the minute held; one row,
     * {@code written}. Only 1-minute bars ({@code u.interval_s = 60}) are candles here; others are left out.
     */
    public String bars(String rows) {
        return "WITH b AS (SELECT DISTINCT ON (u.symbol, u.source, u.quote, u.open_time) u.* " + rows
                + " WHERE u.interval_s = 60 ORDER BY u.symbol, u.source, u.quote, u.open_time),"
                + " c AS (INSERT INTO " + schema.table("candles_1m") + " AS c"
                + " (symbol, source, quote, open_time, open, high, low, close, open_at, close_at,"
                + " base_volume, quote_volume, ticks, trades, origin)"
                + " SELECT symbol, source, quote, open_time, open, high, low, close, open_time,"
                + " open_time + interval '59.999 seconds', base_volume, quote_volume, coalesce(trades, 0), trades, 'backfill' FROM b"
                + " ON CONFLICT (symbol, source, quote, open_time) DO UPDATE SET"
                + " open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,"
                + " open_at = EXCLUDED.open_at, close_at = EXCLUDED.close_at, base_volume = EXCLUDED.base_volume,"
                + " quote_volume = EXCLUDED.quote_volume, ticks = EXCLUDED.ticks, trades = EXCLUDED.trades,"
                + " origin = 'backfill', updated_at = now()"
                + " RETURNING 1),"
                + dirty("b")
                + " SELECT count(*) AS written FROM c";
    }

    private String dirty(String from) {
        return " d AS (INSERT INTO " + schema.table("candle_dirty") + " (symbol, source, quote, open_time)"
                + " SELECT symbol, source, quote, open_time FROM " + from + " ON CONFLICT DO NOTHING)";
    }
}
