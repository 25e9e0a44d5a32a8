package io.tickstream.query.history;

import io.r2dbc.spi.Readable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive table as raw history reads it: the columns given (in the order of the JSON objects and the CSV
 * columns) and the SQL of one page, {@code (source_time, id)} after the cursor, oldest first; the
 * {@code (symbol, source_time)} index and partition pruning on the range bound the scan.
 */
enum RawTable {

    QUOTES("market_quotes", "quotes", List.of("id", "source", "quote", "price", "change24hPct", "volume24h", "marketCap",
            "high24h", "low24h", "stale", "time", "ingestTime"),
            "price::text AS price, change_24h_pct::text AS change24hpct, volume_24h::text AS volume24h,"
                    + " market_cap::text AS marketcap, high_24h::text AS high24h, low_24h::text AS low24h, stale"),
    TRADES("market_trades", "trades", List.of("id", "source", "quote", "price", "size", "side", "tradeId", "time", "ingestTime"),
            "price::text AS price, size::text AS size, side, trade_id AS tradeid");

    private final String table;
    private final String field;
    private final List<String> columns;
    private final String select;

    RawTable(String table, String field, List<String> columns, String select) {
        this.table = table;
        this.field = field;
        this.columns = columns;
        this.select = select;
    }

    /** The answer's field holding the rows: {@code quotes} or {@code trades}. */
    String field() {
        return field;
    }

    List<String> columns() {
        return columns;
    }

    /** One page's SQL ($1 symbol, $2 from, $3 to, $4 source or '', $5/$6 the cursor, $7 limit). */
    String sql(String schema) {
        return "SELECT id, source, quote, " + select + ","
                + " (extract(epoch FROM source_time) * 1000)::bigint AS source_ms,"
                + " (extract(epoch FROM ingest_time) * 1000)::bigint AS ingest_ms"
                + " FROM " + schema + "." + table
                + " WHERE symbol = $1 AND source_time >= $2 AND source_time < $3 AND ($4 = '' OR source = $4)"
                + " AND (source_time, id) > ($5, $6)"
                + " ORDER BY source_time, id LIMIT $7";
    }

    /** A row as the answer's object: decimals as strings, times ISO-8601 UTC. */
    Map<String, Object> row(Readable row) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String column : columns) {
            object.put(column, switch (column) {
                case "time" -> Instant.ofEpochMilli(row.get("source_ms", Long.class)).toString();
                case "ingestTime" -> Instant.ofEpochMilli(row.get("ingest_ms", Long.class)).toString();
                case "stale" -> row.get("stale", Boolean.class);
                default -> row.get(column.toLowerCase(java.util.Locale.ROOT), String.class);
            });
        }
        return object;
    }

    /** The source time of a row made by {@link #row}. */
    static Instant timeOf(Map<String, Object> row) {
        return Instant.parse((String) row.get("time"));
    }
}
