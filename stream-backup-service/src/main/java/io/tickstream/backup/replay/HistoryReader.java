package io.tickstream.backup.replay;

import io.r2dbc.spi.Readable;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.EventType;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Reads archived events back as records, in source time order, page by page (keyset pagination on
 * {@code (source_time, id)}, so a long range never holds a cursor or a big result in memory).
 * The events are those that were archived, field for field, including the idempotency key.
 */
final class HistoryReader {

    private static final String META = "id, source, (extract(epoch FROM source_time) * 1000)::bigint AS source_ms, "
            + "(extract(epoch FROM ingest_time) * 1000)::bigint AS ingest_ms, schema_version, traceparent";

    private final DatabaseClient db;
    private final SchemaProperties schema;
    private final int pageSize;

    HistoryReader(DatabaseClient db, SchemaProperties schema, int pageSize) {
        this.db = db;
        this.schema = schema;
        this.pageSize = pageSize;
    }

    /** How many events of {@code type} the range holds. */
    Mono<Long> count(EventType type, Instant from, Instant to, String symbol) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT count(*) FROM " + table(type)
                        + " WHERE source_time >= $1 AND source_time < $2" + (symbol != null ? " AND symbol = $3" : ""))
                .bind(0, from).bind(1, to);
        if (symbol != null) {
            spec = spec.bind(2, symbol);
        }
        return spec.map(row -> row.get(0, Long.class)).one();
    }

    /** The events of {@code type} in the range, oldest first. */
    Flux<MarketEvent> read(EventType type, Instant from, Instant to, String symbol) {
        return page(type, from, to, symbol, from, "")
                .expand(page -> page.size() < pageSize ? Mono.empty()
                        : page(type, from, to, symbol, Instant.ofEpochMilli(page.getLast().meta().sourceTime()),
                        page.getLast().meta().id()))
                .concatMapIterable(page -> page);
    }

    private Mono<java.util.List<MarketEvent>> page(EventType type, Instant from, Instant to, String symbol,
                                                   Instant afterTime, String afterId) {
        String sql = "SELECT " + columns(type) + " FROM " + table(type)
                + " WHERE source_time >= $1 AND source_time < $2 AND (source_time, id) > ($3, $4)"
                + (symbol != null ? " AND symbol = $6" : "")
                + " ORDER BY source_time, id LIMIT $5";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql)
                .bind(0, from).bind(1, to).bind(2, afterTime).bind(3, afterId).bind(4, pageSize);
        if (symbol != null) {
            spec = spec.bind(5, symbol);
        }
        return spec.map(row -> toEvent(type, row)).all().collectList();
    }

    private String table(EventType type) {
        return schema.table(switch (type) {
            case QUOTE -> "market_quotes";
            case MARKET_SUMMARY -> "market_summaries";
            case SOURCE_HEALTH -> "source_health";
            case TRADE -> "market_trades";
            case BAR -> throw new IllegalArgumentException("bars are not archived as events");
        });
    }

    private static String columns(EventType type) {
        return META + ", " + switch (type) {
            case QUOTE -> "symbol, quote, price::text, change_24h_pct::text, volume_24h::text, market_cap::text, "
                    + "high_24h::text, low_24h::text, stale, consensus_sources, consensus_low::text, consensus_high::text";
            case MARKET_SUMMARY -> "total_market_cap_usd::text, total_volume_usd::text, btc_dominance_pct::text, "
                    + "eth_dominance_pct::text, market_cap_change_24h_pct::text, active_cryptocurrencies, "
                    + "fear_greed_value::int, fear_greed_label";
            case SOURCE_HEALTH -> "state, previous_state, reason, retry_after_ms";
            case TRADE -> "symbol, quote, price::text, size::text, side, trade_id";
            case BAR -> throw new IllegalArgumentException("bars are not archived as events");
        };
    }

    private static MarketEvent toEvent(EventType type, Readable row) {
        EventMeta meta = new EventMeta(row.get("schema_version", Short.class), row.get("id", String.class),
                row.get("source", String.class), row.get("source_ms", Long.class), row.get("ingest_ms", Long.class),
                row.get("traceparent", String.class));
        return switch (type) {
            case QUOTE -> {
                Integer sources = row.get("consensus_sources", Integer.class);
                Quote.Consensus consensus = sources == null ? null
                        : new Quote.Consensus(sources, decimal(row, "consensus_low"), decimal(row, "consensus_high"));
                yield new Quote(meta, row.get("symbol", String.class), row.get("quote", String.class), decimal(row, "price"),
                        decimal(row, "change_24h_pct"), decimal(row, "volume_24h"), decimal(row, "market_cap"),
                        decimal(row, "high_24h"), decimal(row, "low_24h"), Boolean.TRUE.equals(row.get("stale", Boolean.class)),
                        consensus);
            }
            case MARKET_SUMMARY -> new MarketSummary(meta, decimal(row, "total_market_cap_usd"),
                    decimal(row, "total_volume_usd"), decimal(row, "btc_dominance_pct"), decimal(row, "eth_dominance_pct"),
                    decimal(row, "market_cap_change_24h_pct"), row.get("active_cryptocurrencies", Integer.class),
                    row.get("fear_greed_value", Integer.class), row.get("fear_greed_label", String.class));
            case SOURCE_HEALTH -> new SourceHealthChanged(meta, state(row, "state"), state(row, "previous_state"),
                    row.get("reason", String.class), row.get("retry_after_ms", Long.class));
            case TRADE -> new Trade(meta, row.get("symbol", String.class), row.get("quote", String.class),
                    decimal(row, "price"), decimal(row, "size"), side(row), row.get("trade_id", String.class));
            case BAR -> throw new IllegalArgumentException("bars are not archived as events");
        };
    }

    private static BigDecimal decimal(Readable row, String column) {
        String value = row.get(column, String.class);
        return value == null ? null : new BigDecimal(value);
    }

    private static TradeSide side(Readable row) {
        String value = row.get("side", String.class);
        return TradeSide.fromWire(value).orElseThrow(() -> new IllegalStateException("unknown trade side " + value));
    }

    private static SourceState state(Readable row, String column) {
        String value = row.get(column, String.class);
        return SourceState.fromWire(value).orElseThrow(() -> new IllegalStateException("unknown state " + value));
    }
}
