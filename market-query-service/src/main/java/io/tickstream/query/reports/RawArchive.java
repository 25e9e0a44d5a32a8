package io.tickstream.query.reports;

import io.tickstream.query.candles.HistoryProperties;
import io.tickstream.query.reports.ArchiveRows.Deviation;
import io.tickstream.query.reports.ArchiveRows.HealthTransition;
import io.tickstream.query.reports.ArchiveRows.HourBar;
import io.tickstream.query.reports.ArchiveRows.HourVolume;
import io.tickstream.query.reports.ArchiveRows.QuoteCount;
import io.tickstream.query.reports.ArchiveRows.Spread;
import io.tickstream.query.reports.ArchiveRows.SummaryFigures;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Report figures aggregated in PostgreSQL over the backup service's raw tables ({@code market_quotes},
 * {@code market_summaries}, {@code source_health}), read only; for a period without raw quotes (a backfilled day,
 * or one whose raw rows retention dropped) the bars and volumes come from the 1-minute candles of the rollups. Bars are {@link ReportPeriod#bar()} wide ({@code date_bin}: hourly, 5 minutes for short periods) from one
 * source per symbol: the first of the report source priority with quotes in the period, as candles are.
 * Every query is bounded by the period and by {@code query-timeout}; the {@code (symbol, source_time)}
 * and {@code (source, source_time)} indexes bound the scans.
 */
@Component
class RawArchive implements ReportArchive {

    private final DatabaseClient db;
    private final ReportProperties properties;
    private final String sourcePriority;
    private final String barsSql;
    private final String volumesSql;
    private final String summarySql;
    private final String healthSql;
    private final String spreadsSql;
    private final String deviationsSql;
    private final String countsSql;
    private final String candlesSql;

    RawArchive(DatabaseClient db, ReportProperties properties, HistoryProperties history) {
        this.db = db;
        this.properties = properties;
        this.sourcePriority = String.join(",", history.sourcePriority());
        // $1 period start, $2 period end, $3 symbol or '' (every symbol), $4 source priority, $5 warm-up start,
        // $6 bar width in seconds
        String pickedSource = """
                picked AS (
                  SELECT DISTINCT ON (symbol) symbol, source FROM (
                    SELECT symbol, source FROM %1$s.market_quotes
                    WHERE source_time >= $1 AND source_time < $2 AND ($3 = '' OR symbol = $3) %2$s
                    GROUP BY symbol, source) s
                  ORDER BY symbol, coalesce(array_position(string_to_array($4::text, ','), source::text), 1000), source)
                """;
        String hourly = """
                WITH %3$s
                SELECT q.symbol, q.source, date_bin($6::bigint * interval '1 second', q.source_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
                       (array_agg(q.price ORDER BY q.source_time))[1] AS open, max(q.price) AS high, min(q.price) AS low,
                       (array_agg(q.price ORDER BY q.source_time DESC))[1] AS close,
                       (array_agg(q.volume_24h ORDER BY q.source_time DESC) FILTER (WHERE q.volume_24h IS NOT NULL))[1] AS volume,
                       count(*) AS ticks
                FROM %1$s.market_quotes q JOIN picked p ON q.symbol = p.symbol AND q.source = p.source
                WHERE q.source_time >= $5 AND q.source_time < $2 %2$s
                GROUP BY q.symbol, q.source, hour
                ORDER BY q.symbol, hour
                """;
        // the schema name is validated by HistoryProperties ([a-z_][a-z0-9_]*): safe to format in
        String s = history.schema();
        this.barsSql = hourly.formatted(s, "", pickedSource.formatted(s, ""));
        // volumes: the first source by priority that gives them (consensus quotes carry none)
        this.volumesSql = hourly.formatted(s, "AND q.volume_24h IS NOT NULL",
                pickedSource.formatted(s, "AND volume_24h IS NOT NULL AND source <> 'consensus'"));
        this.summarySql = """
                SELECT %s FROM %s.market_summaries WHERE source_time >= $1 AND source_time < $2
                """.formatted(String.join(", ",
                firstLast("total_market_cap_usd", "cap"), firstLast("total_volume_usd", "volume"),
                firstLast("btc_dominance_pct", "btc"), firstLast("fear_greed_value::numeric", "fng"),
                "(array_agg(fear_greed_label ORDER BY source_time DESC) FILTER (WHERE fear_greed_label IS NOT NULL))[1] AS fng_label"), s);
        this.healthSql = """
                SELECT source, state, previous_state, source_time FROM %1$s.source_health
                WHERE source_time >= $1 AND source_time < $2
                UNION ALL
                (SELECT DISTINCT ON (source) source, state, previous_state, source_time FROM %1$s.source_health
                 WHERE source_time < $1 ORDER BY source, source_time DESC)
                ORDER BY source_time
                """.formatted(s);
        // each source's last non-stale price per minute; consensus kept apart as the reference
        String minutes = """
                WITH last AS (
                  SELECT DISTINCT ON (symbol, source, minute) symbol, source, minute, price FROM (
                    SELECT symbol, source, price, source_time,
                           date_bin(interval '1 minute', source_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS minute
                    FROM %1$s.market_quotes
                    WHERE source_time >= $1 AND source_time < $2 AND ($3 = '' OR symbol = $3) AND NOT stale) m
                  ORDER BY symbol, source, minute, source_time DESC)
                """.formatted(s);
        this.spreadsSql = minutes + """
                , spread AS (
                  SELECT symbol, minute, min(price) AS low, max(price) AS high,
                         (array_agg(source ORDER BY price, source))[1] AS low_source,
                         (array_agg(source ORDER BY price DESC, source))[1] AS high_source
                  FROM last WHERE source <> 'consensus' GROUP BY symbol, minute HAVING count(*) >= 2)
                SELECT DISTINCT ON (symbol) symbol, minute, low, high, low_source, high_source FROM spread
                ORDER BY symbol, (high - low) / low DESC, minute
                """;
        this.deviationsSql = minutes + """
                SELECT q.symbol, q.source, avg(abs(q.price - c.price) / c.price * 100) AS deviation
                FROM last q JOIN last c ON c.symbol = q.symbol AND c.minute = q.minute AND c.source = 'consensus'
                WHERE q.source <> 'consensus' AND c.price > 0
                GROUP BY q.symbol, q.source ORDER BY q.symbol, q.source
                """;
        // a day with no raw quotes but 1-minute candles (a backfill's history, or raw rows already dropped by
        // retention): bars and a rolling 24 h quote volume from the rollups, one source per symbol as above
        this.candlesSql = """
                WITH picked AS (
                  SELECT DISTINCT ON (symbol) symbol, source FROM (
                    SELECT symbol, source FROM %1$s.candles_1m
                    WHERE open_time >= $1 AND open_time < $2 AND ($3 = '' OR symbol = $3) AND open IS NOT NULL
                    GROUP BY symbol, source) s
                  ORDER BY symbol, coalesce(array_position(string_to_array($4::text, ','), source::text), 1000), source),
                bars AS (
                  SELECT c.symbol, c.source, date_bin($6::bigint * interval '1 second', c.open_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
                         (array_agg(c.open ORDER BY c.open_time))[1] AS open, max(c.high) AS high, min(c.low) AS low,
                         (array_agg(c.close ORDER BY c.open_time DESC))[1] AS close, sum(c.quote_volume) AS bar_volume,
                         sum(c.ticks)::bigint AS ticks
                  FROM %1$s.candles_1m c JOIN picked p ON c.symbol = p.symbol AND c.source = p.source
                  WHERE c.open_time >= $5::timestamptz - interval '1 day' AND c.open_time < $2 AND c.open IS NOT NULL
                  GROUP BY c.symbol, c.source, hour)
                SELECT symbol, source, hour, open, high, low, close, ticks,
                       sum(bar_volume) OVER (PARTITION BY symbol ORDER BY hour
                                             RANGE BETWEEN interval '86399 seconds' PRECEDING AND CURRENT ROW) AS volume
                FROM bars WHERE hour >= $5 ORDER BY symbol, hour
                """.formatted(s);
        this.countsSql = """
                SELECT source, count(*) AS quotes, count(*) FILTER (WHERE stale) AS stale FROM %s.market_quotes
                WHERE source_time >= $1 AND source_time < $2 AND ($3 = '' OR symbol = $3)
                GROUP BY source ORDER BY source
                """.formatted(s);
    }

    private static String firstLast(String column, String alias) {
        String filter = " FILTER (WHERE " + column.replace("::numeric", "") + " IS NOT NULL))[1]";
        return "(array_agg(" + column + " ORDER BY source_time)" + filter + " AS " + alias + "_open, "
                + "(array_agg(" + column + " ORDER BY source_time DESC)" + filter + " AS " + alias + "_close";
    }

    @Override
    public Mono<ArchiveRows> read(ReportScope scope, ReportPeriod period) {
        String symbol = scope.market() ? "" : scope.symbol();
        Instant warmUpStart = period.start().minus(period.bar().multipliedBy(properties.warmUpBars()));
        Mono<List<HourBar>> bars = hourly(barsSql, symbol, period, warmUpStart)
                .map(r -> new HourBar(r.get("symbol", String.class), r.get("source", String.class), time(r, "hour"),
                        r.get("open", BigDecimal.class), r.get("high", BigDecimal.class), r.get("low", BigDecimal.class),
                        r.get("close", BigDecimal.class), r.get("ticks", Long.class)))
                .all().collectList();
        Mono<List<HourVolume>> volumes = hourly(volumesSql, symbol, period, period.start())
                .map(r -> new HourVolume(r.get("symbol", String.class), time(r, "hour"), r.get("volume", BigDecimal.class)))
                .all().collectList();
        // no raw quotes in the period: the rollups' candles give the bars and volumes (a backfilled day)
        Mono<List<CandleRow>> candles = hourly(candlesSql, symbol, period, warmUpStart)
                .map(r -> new CandleRow(new HourBar(r.get("symbol", String.class), r.get("source", String.class),
                        time(r, "hour"), r.get("open", BigDecimal.class), r.get("high", BigDecimal.class),
                        r.get("low", BigDecimal.class), r.get("close", BigDecimal.class), r.get("ticks", Long.class)),
                        r.get("volume", BigDecimal.class)))
                .all().collectList().cache();
        Mono<List<HourBar>> rawBars = bars;
        Mono<List<HourVolume>> rawVolumes = volumes;
        Mono<reactor.util.function.Tuple2<List<HourBar>, List<HourVolume>>> barsAndVolumes = rawBars.flatMap(raw ->
                raw.stream().anyMatch(b -> !b.time().isBefore(period.start()))
                        ? rawVolumes.map(v -> reactor.util.function.Tuples.of(raw, v))
                        : candles.map(rows -> reactor.util.function.Tuples.of(
                                rows.stream().map(CandleRow::bar).toList(),
                                rows.stream().filter(c -> c.volume() != null && !c.bar().time().isBefore(period.start()))
                                        .map(c -> new HourVolume(c.bar().symbol(), c.bar().time(), c.volume())).toList())));
        Mono<SummaryFigures> summary = period(summarySql, period)
                .map(r -> new SummaryFigures(r.get("cap_open", BigDecimal.class), r.get("cap_close", BigDecimal.class),
                        r.get("volume_open", BigDecimal.class), r.get("volume_close", BigDecimal.class),
                        r.get("btc_open", BigDecimal.class), r.get("btc_close", BigDecimal.class),
                        r.get("fng_open", BigDecimal.class), r.get("fng_close", BigDecimal.class),
                        r.get("fng_label", String.class)))
                .one().defaultIfEmpty(SummaryFigures.NONE);
        Mono<List<HealthTransition>> health = period(healthSql, period)
                .map(r -> new HealthTransition(r.get("source", String.class), r.get("state", String.class),
                        r.get("previous_state", String.class), time(r, "source_time")))
                .all().collectList();
        Mono<List<Spread>> spreads = scoped(spreadsSql, symbol, period)
                .map(r -> new Spread(r.get("symbol", String.class), time(r, "minute"), r.get("low_source", String.class),
                        r.get("low", BigDecimal.class), r.get("high_source", String.class), r.get("high", BigDecimal.class)))
                .all().collectList();
        Mono<List<Deviation>> deviations = scoped(deviationsSql, symbol, period)
                .map(r -> new Deviation(r.get("symbol", String.class), r.get("source", String.class),
                        r.get("deviation", BigDecimal.class)))
                .all().collectList();
        Mono<List<QuoteCount>> counts = scoped(countsSql, symbol, period)
                .map(r -> new QuoteCount(r.get("source", String.class), r.get("quotes", Long.class), r.get("stale", Long.class)))
                .all().collectList();
        // the queries run at once, as many as the connection pool allows (the candles only for a period without quotes)
        return Mono.zip(barsAndVolumes, summary, health, spreads, deviations, counts)
                .map(t -> new ArchiveRows(t.getT1().getT1(), t.getT1().getT2(), t.getT2(), t.getT3(), t.getT4(), t.getT5(),
                        t.getT6()))
                .timeout(properties.queryTimeout());
    }

    /** A bar of the rollups and the 24 h quote volume up to it. */
    private record CandleRow(HourBar bar, BigDecimal volume) {
    }

    private DatabaseClient.GenericExecuteSpec period(String sql, ReportPeriod period) {
        return db.sql(sql).bind("$1", utc(period.start())).bind("$2", utc(period.end()));
    }

    private DatabaseClient.GenericExecuteSpec scoped(String sql, String symbol, ReportPeriod period) {
        return period(sql, period).bind("$3", symbol);
    }

    private DatabaseClient.GenericExecuteSpec hourly(String sql, String symbol, ReportPeriod period, Instant from) {
        return scoped(sql, symbol, period).bind("$4", sourcePriority)
                .bind("$5", utc(from)).bind("$6", period.bar().toSeconds());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant time(Readable row, String column) {
        return row.get(column, OffsetDateTime.class).toInstant();
    }
}
