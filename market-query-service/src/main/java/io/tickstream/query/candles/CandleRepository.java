package io.tickstream.query.candles;

import io.r2dbc.spi.Readable;
import io.tickstream.common.event.Decimals;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Candles read from the rollups the backup service keeps ({@code candles_1m}, {@code candles_derived}), never
 * aggregated per request. One series per answer: the (source, quote) of {@code candle_series} that has candles in the
 * range, the requested source or else the first of {@link HistoryProperties#sourcePriority()} (consensus first),
 * then others by name, so candles never mix sources. A page is one index range scan of the series' key
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
                  ORDER BY coalesce(array_position(string_to_array($4::text, ','), source::text), 1000), source, quote
                  LIMIT 1)
                SELECT c.open_time, c.open, c.high, c.low, c.close, c.base_volume, c.quote_volume, c.ticks, c.trades,
                       c.origin, p.source, p.quote
                FROM pick p JOIN LATERAL (
                  SELECT * FROM %2$s c
                  WHERE c.symbol = $1 AND c.source = p.source AND c.quote = p.quote%3$s
                    AND c.open_time >= $2 AND c.open_time < $3 AND c.open IS NOT NULL
                  ORDER BY c.open_time DESC
                  LIMIT $5) c ON true
                ORDER BY c.open_time DESC
                """.formatted(properties.schema(), table, intervalFilter);
    }

    private static Row row(Readable row) {
        OffsetDateTime time = row.get("open_time", OffsetDateTime.class);
        return new Row(new Candle(time.toInstant().toString(), wire(row, "open"), wire(row, "high"), wire(row, "low"),
                wire(row, "close"), wire(row, "base_volume"), wire(row, "quote_volume"), row.get("ticks", Long.class),
                row.get("trades", Long.class), row.get("origin", String.class)),
                time.toInstant(), row.get("source", String.class), row.get("quote", String.class));
    }

    private static String wire(Readable row, String column) {
        BigDecimal value = row.get(column, BigDecimal.class);
        return value == null ? null : Decimals.toWire(value);
    }

    /** A candle, its start and the series it was read from. */
    record Row(Candle candle, Instant time, String source, String quote) {
    }
}
