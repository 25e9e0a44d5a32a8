package io.tickstream.query.candles;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Instant;

/**
 * Candles read from the rollups the backup service keeps ({@code candles_1m}, {@code candles_derived}), never
 * aggregated per request. One series per answer: the (source, quote) of {@code candle_series} that has candles in the
 * range, the requested source or else, among the series whose candles reach back to {@code from} (whose history
 * covers the range), the first of {@link HistoryProperties#sourcePriority()} (consensus first), then others by name;
 * only when none reaches back that far, the first by priority with any candle in the range. So a range older than the
 * live consensus (it begins when the suite first ran) is answered from a source whose history was backfilled, and
 * candles never mix sources. A page is one index range scan of the series' key
 * {@code (symbol, source, quote[, interval], open_time)}, newest first; candles without prices (a minute that had
 * trades but no quote yet) are left out.
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
        this.minuteSql = sql(properties.schema() + ".candles_1m", "");
        this.derivedSql = sql(properties.schema() + ".candles_derived", " AND c.interval_s = $8");
    }

    /** The series picked and up to {@code limit} candles of it in [from, to), newest first. */
    Flux<Row> candles(String symbol, CandleInterval interval, Instant from, Instant to, int limit, String source, String quote) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(interval == CandleInterval.M1 ? minuteSql : derivedSql)
                .bind("$1", symbol)
                .bind("$2", from)
                .bind("$3", to)
                .bind("$4", String.join(",", properties.sourcePriority()))
                .bind("$5", limit)
                .bind("$6", source == null ? "" : source)
                .bind("$7", quote == null ? "" : quote);
        if (interval != CandleInterval.M1) {
            spec = spec.bind("$8", (int) interval.seconds());
        }
        return spec.map(CandleRepository::row).all().timeout(properties.queryTimeout());
    }

    // the schema name is validated by HistoryProperties ([a-z_][a-z0-9_]*): safe to format in
    private String sql(String table, String intervalFilter) {
        return """
                WITH pick AS (
                  SELECT source, quote FROM %1$s.candle_series
                  WHERE symbol = $1 AND first_open < $3 AND last_open >= $2
                    AND ($6 = '' OR source = $6) AND ($7 = '' OR quote = $7)
                  ORDER BY first_open <= $2 DESC,
                           coalesce(array_position(string_to_array($4::text, ','), source::text), 1000), source, quote
                  LIMIT 1)
                SELECT extract(epoch FROM c.open_time)::bigint AS open_s, trim_scale(c.open)::text AS open,
                       trim_scale(c.high)::text AS high, trim_scale(c.low)::text AS low, trim_scale(c.close)::text AS close,
                       trim_scale(c.base_volume)::text AS base_volume, trim_scale(c.quote_volume)::text AS quote_volume,
                       c.ticks, c.trades, c.origin, p.source, p.quote
                FROM pick p JOIN LATERAL (
                  SELECT * FROM %2$s c
                  WHERE c.symbol = $1 AND c.source = p.source AND c.quote = p.quote%3$s
                    AND c.open_time >= $2 AND c.open_time < $3 AND c.open IS NOT NULL
                  ORDER BY c.open_time DESC
                  LIMIT $5) c ON true
                ORDER BY c.open_time DESC
                """.formatted(properties.schema(), table, intervalFilter);
    }

    /**
     * Decimals come as PostgreSQL's text of {@code trim_scale(numeric)}: the exact value without trailing zeros and
     * never in exponent notation, the wire form ({@link io.tickstream.common.event.Decimals#toWire}) without a
     * {@code BigDecimal} in between (a page of a year of hours is 60,000 of them).
     */
    private static Row row(Readable row) {
        Instant time = Instant.ofEpochSecond(row.get("open_s", Long.class));
        return new Row(new Candle(time.toString(), row.get("open", String.class), row.get("high", String.class),
                row.get("low", String.class), row.get("close", String.class), row.get("base_volume", String.class),
                row.get("quote_volume", String.class), row.get("ticks", Long.class), row.get("trades", Long.class),
                row.get("origin", String.class)),
                time, row.get("source", String.class), row.get("quote", String.class));
    }

    /** A candle, its start and the series it was read from. */
    record Row(Candle candle, Instant time, String source, String quote) {
    }
}
