package io.tickstream.query.trades;

import io.r2dbc.spi.Readable;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;
import io.tickstream.query.candles.HistoryProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The newest trades of one symbol in the archive's {@code market_trades} (written by the backup service,
 * read only here), newest first: by source time, within one millisecond by trade id (numerically for the
 * venues' numeric ids: shorter first, then by text). The {@code (symbol, source_time)} index and the
 * {@code since} bound (partition pruning) keep it to a short index scan per recent month.
 */
@Component
class TradeRepository {

    private final DatabaseClient db;
    private final HistoryProperties history;
    private final String sql;

    TradeRepository(DatabaseClient db, HistoryProperties history) {
        this.db = db;
        this.history = history;
        // the schema name is validated by HistoryProperties ([a-z_][a-z0-9_]*): safe to format in
        this.sql = """
                SELECT id, source, symbol, quote, price::text AS price, size::text AS size, side, trade_id,
                       (extract(epoch FROM source_time) * 1000)::bigint AS source_ms,
                       (extract(epoch FROM ingest_time) * 1000)::bigint AS ingest_ms, schema_version, traceparent
                FROM %s.market_trades
                WHERE symbol = $1 AND source_time >= $2
                ORDER BY source_time DESC, length(trade_id) DESC, trade_id DESC
                LIMIT $3
                """.formatted(history.schema());
    }

    /** At most {@code limit} trades of {@code symbol} with a source time from {@code since} on, newest first. */
    Flux<Trade> newest(String symbol, Instant since, int limit) {
        return db.sql(sql)
                .bind("$1", symbol)
                .bind("$2", since)
                .bind("$3", limit)
                .map(TradeRepository::trade)
                .all()
                .timeout(history.queryTimeout());
    }

    private static Trade trade(Readable row) {
        EventMeta meta = new EventMeta(row.get("schema_version", Short.class), row.get("id", String.class),
                row.get("source", String.class), row.get("source_ms", Long.class), row.get("ingest_ms", Long.class),
                row.get("traceparent", String.class));
        String side = row.get("side", String.class);
        return new Trade(meta, row.get("symbol", String.class), row.get("quote", String.class),
                new BigDecimal(row.get("price", String.class)), new BigDecimal(row.get("size", String.class)),
                TradeSide.fromWire(side).orElse(TradeSide.UNKNOWN), row.get("trade_id", String.class));
    }
}
