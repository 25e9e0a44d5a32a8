package io.tickstream.query.candles;

import io.r2dbc.spi.Readable;
import io.tickstream.common.market.CandleJsonSql;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * Candles read from the rollups the backup service keeps ({@code candles_1m}, {@code candles_derived}), never
 * aggregated per request. One series per answer: the (source, quote) of {@code candle_series} that has candles in the
 * range, the requested source or else, among the series whose candles reach back to {@code from} (whose history
 * covers the range), the first of {@link HistoryProperties#sourcePriority()} (consensus first), then others by name;
 * only when none reaches back that far, the one whose candles reach back furthest (then by priority). So a range older than the
 * live consensus (it begins when the suite first ran) is answered from a source whose history was backfilled, and
 * candles never mix sources. A page is one index range scan of the series' key
 * {@code (symbol, source, quote[, interval], open_time)}, newest first; candles without prices (a minute that had
 * trades but no quote yet) are left out.
 *
 * <p>PostgreSQL writes the page's candles as the JSON array of the answer itself (one text value: each candle
 * {@code {"time","open","high","low","close","volume","quoteVolume","ticks","trades","origin"}}, decimals as the text
 * of {@code trim_scale(numeric)}: exact, no trailing zeros, never an exponent, the wire form; {@link CandleJsonSql}),
 * so the service neither decodes thousands of rows nor serializes them again. Derived candles (5m to 1d) carry that
 * JSON already, stored by the rollup job as it derives them ({@code wire}): a year of hourly candles is 8,760
 * stored strings joined, not 87,600 decimals formatted per request.
 */
@Component
class CandleRepository {

    private final DatabaseClient db;
    private final HistoryProperties properties;
    private final String minuteSql;
    private final String derivedSql;

    CandleRepository(DatabaseClient db, HistoryProperties properties) {
        this.db = db;
        this.properties = properties;
        this.minuteSql = sql(properties.schema() + ".candles_1m", "", CandleJsonSql.expression());
        // a derived candle's JSON is stored when it is derived; rendered here only for rows from before that
        this.derivedSql = sql(properties.schema() + ".candles_derived", " AND c.interval_s = $8",
                "coalesce(wire, " + CandleJsonSql.expression() + ")");
    }

    /**
     * A page: the series picked and the newest {@code limit} candles of it in [from, to) as a JSON array, oldest
     * first, and whether older ones remain.
     */
    Mono<Page> page(String symbol, CandleInterval interval, Instant from, Instant to, int limit, String source, String quote) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(interval == CandleInterval.M1 ? minuteSql : derivedSql)
                .bind("$1", symbol)
                .bind("$2", from)
                .bind("$3", to)
                .bind("$4", String.join(",", properties.sourcePriority()))
                .bind("$5", limit + 1)
                .bind("$6", source == null ? "" : source)
                .bind("$7", quote == null ? "" : quote);
        if (interval != CandleInterval.M1) {
            spec = spec.bind("$8", (int) interval.seconds());
        }
        return spec.map(row -> page(row, limit)).one().timeout(properties.queryTimeout());
    }

    // the schema name is validated by HistoryProperties ([a-z_][a-z0-9_]*): safe to format in
    private String sql(String table, String intervalFilter, String candleJson) {
        return """
                WITH pick AS (
                  SELECT source, quote FROM %1$s.candle_series
                  WHERE symbol = $1 AND first_open < $3 AND last_open >= $2
                    AND ($6 = '' OR source = $6) AND ($7 = '' OR quote = $7)
                  ORDER BY first_open <= $2 DESC,
                           -- none covers the range: the one with the most history (a backfilled source) before the
                           -- live consensus that began minutes ago
                           CASE WHEN first_open <= $2 THEN TIMESTAMPTZ '2000-01-01 00:00:00+00' ELSE first_open END,
                           coalesce(array_position(string_to_array($4::text, ','), source::text), 1000), source, quote
                  LIMIT 1),
                page AS (
                  SELECT c.*, p.source AS series_source, p.quote AS series_quote,
                         row_number() OVER (ORDER BY c.open_time DESC) AS rn
                  FROM pick p JOIN LATERAL (
                    SELECT * FROM %2$s c
                    WHERE c.symbol = $1 AND c.source = p.source AND c.quote = p.quote%3$s
                      AND c.open_time >= $2 AND c.open_time < $3 AND c.open IS NOT NULL
                    ORDER BY c.open_time DESC
                    LIMIT $5) c ON true)
                SELECT min(series_source) AS source, min(series_quote) AS quote, count(*) AS n,
                       extract(epoch FROM min(open_time) FILTER (WHERE rn < $5))::bigint AS oldest_s,
                       '[' || coalesce(string_agg(%4$s, ',' ORDER BY open_time) FILTER (WHERE rn < $5), '') || ']' AS candles
                FROM page
                """.formatted(properties.schema(), table, intervalFilter, candleJson);
    }

    private static Page page(Readable row, int limit) {
        long count = row.get("n", Long.class);
        Long oldest = row.get("oldest_s", Long.class);
        return new Page(row.get("source", String.class), row.get("quote", String.class), row.get("candles", String.class),
                count > limit, oldest == null ? null : Instant.ofEpochSecond(oldest));
    }

    /**
     * One page of a series.
     *
     * @param source  the series' source, null when no series has candles in the range
     * @param quote   its quote currency, null likewise
     * @param candles the page's candles, a JSON array, oldest first
     * @param more    older candles of the range remain
     * @param oldest  the oldest candle's start, null when the page is empty
     */
    record Page(String source, String quote, String candles, boolean more, Instant oldest) {
    }
}
