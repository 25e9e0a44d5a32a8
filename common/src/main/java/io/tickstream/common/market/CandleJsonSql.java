package io.tickstream.common.market;

/**
 * A candle's wire form as a PostgreSQL expression: the JSON object the query service answers for one candle,
 * {@code {"time","open","high","low","close","volume","quoteVolume","ticks","trades","origin"}}, decimals as the text
 * of {@code trim_scale(numeric)} (exact, no trailing zeros, never an exponent), a missing value as {@code null}.
 * Shared by the backup service's rollup job, which stores each derived candle's JSON when it derives the candle
 * ({@code candles_derived.wire}), and the query service, which renders it when no stored form is there (1-minute
 * candles, or rows derived before the column existed). The columns are those of the rollup tables:
 * {@code open_time, open, high, low, close, base_volume, quote_volume, ticks, trades, origin}.
 */
public final class CandleJsonSql {

    private CandleJsonSql() {
    }

    /** The expression over the rollup columns, unqualified. */
    public static String expression() {
        return "'{\"time\":\"' || to_char(open_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                + " || '\",\"open\":' || " + decimal("open")
                + " || ',\"high\":' || " + decimal("high")
                + " || ',\"low\":' || " + decimal("low")
                + " || ',\"close\":' || " + decimal("close")
                + " || ',\"volume\":' || " + decimal("base_volume")
                + " || ',\"quoteVolume\":' || " + decimal("quote_volume")
                + " || ',\"ticks\":' || coalesce(ticks::text, '0')"
                + " || ',\"trades\":' || coalesce(trades::text, 'null')"
                + " || ',\"origin\":\"' || origin || '\"}'";
    }

    private static String decimal(String column) {
        return "coalesce('\"' || trim_scale(" + column + ")::text || '\"', 'null')";
    }
}
