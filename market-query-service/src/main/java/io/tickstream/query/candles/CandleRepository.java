package io.tickstream.query.candles;

import io.tickstream.common.event.Decimals;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * OHLC candles aggregated in PostgreSQL over {@code market_quotes} of one symbol: {@code date_bin}
 * buckets (aligned on 2000-01-01 UTC), open and close from prices ordered by source time. One source
 * makes a series: the first of {@link HistoryProperties#sourcePriority()} with quotes in the range
 * (consensus first), so candles never mix sources. The {@code (symbol, source_time)} index bounds the scan.
 */
@Component
class CandleRepository {

    private final DatabaseClient db;
    private final HistoryProperties properties;
    private final String sql;

    CandleRepository(DatabaseClient db, HistoryProperties properties) {
        this.db = db;
        this.properties = properties;
        // the schema name is validated by HistoryProperties ([a-z_][a-z0-9_]*): safe to format in
        this.sql = """
                WITH pick AS (
                  SELECT source FROM %1$s.market_quotes
                  WHERE symbol = $1 AND source_time >= to_timestamp($2::bigint) AND source_time < to_timestamp($3::bigint)
                  GROUP BY source
                  ORDER BY coalesce(array_position(string_to_array($4::text, ','), source::text), 1000), source
                  LIMIT 1)
                SELECT date_bin($5::bigint * interval '1 second', q.source_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
                       (array_agg(q.price ORDER BY q.source_time))[1] AS open,
                       max(q.price) AS high,
                       min(q.price) AS low,
                       (array_agg(q.price ORDER BY q.source_time DESC))[1] AS close,
                       count(*) AS ticks,
                       min(q.source) AS source
                FROM %1$s.market_quotes q JOIN pick p ON q.source = p.source
                WHERE q.symbol = $1 AND q.source_time >= to_timestamp($2::bigint) AND q.source_time < to_timestamp($3::bigint)
                GROUP BY bucket
                ORDER BY bucket DESC
                LIMIT $6::int
                """.formatted(properties.schema());
    }

    /** The newest {@code limit} candles in [from, to), newest first, each with its source. */
    Flux<Row> candles(String symbol, CandleInterval interval, Instant from, Instant to, int limit) {
        return db.sql(sql)
                .bind("$1", symbol)
                .bind("$2", from.getEpochSecond())
                .bind("$3", to.getEpochSecond())
                .bind("$4", String.join(",", properties.sourcePriority()))
                .bind("$5", interval.seconds())
                .bind("$6", limit)
                .map((row, meta) -> new Row(
                        new Candle(row.get("bucket", OffsetDateTime.class).toInstant().toString(),
                                wire(row.get("open", BigDecimal.class)), wire(row.get("high", BigDecimal.class)),
                                wire(row.get("low", BigDecimal.class)), wire(row.get("close", BigDecimal.class)),
                                row.get("ticks", Long.class)),
                        row.get("source", String.class)))
                .all()
                .timeout(properties.queryTimeout());
    }

    private static String wire(BigDecimal value) {
        return Decimals.toWire(value);
    }

    /** A candle and the source it was made from. */
    record Row(Candle candle, String source) {
    }
}
