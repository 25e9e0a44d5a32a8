package io.tickstream.backup.schema;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Creates the monthly partitions of the time-partitioned tables ({@link #TABLES}: {@code market_quotes},
 * {@code market_trades} and {@code candles_1m}) ahead of time: the current month and
 * {@link SchemaProperties#partitionsAhead()} more, named {@code <table>_pYYYY_MM}, bounds in UTC; for
 * {@code candles_1m} also the months back to its retention ({@link RetentionProperties#candles1m()}), where the
 * backfill's bars land.
 * Idempotent and safe when several instances run it at once. A month whose rows already sit in the
 * default partition cannot get a partition (PostgreSQL refuses); that is logged and counted, and its
 * rows stay readable in the default partition. Any other failure (PostgreSQL unreachable) fails the
 * returned Mono, so the caller can retry before writing rows that would land in the default partition.
 */
@Component
public class MonthlyPartitions {

    private static final Logger log = LoggerFactory.getLogger(MonthlyPartitions.class);
    /** Another instance created the same partition a moment ago (IF NOT EXISTS races in the catalog). */
    private static final java.util.Set<String> CREATED_CONCURRENTLY = java.util.Set.of("42P07", "23505");

    private static final String DEFAULT_PARTITION_HOLDS_ROWS = "23514";
    /** The archive tables partitioned by month on {@code source_time} (see {@code db/migration}). */
    public static final java.util.List<String> TABLES = java.util.List.of("market_quotes", "market_trades", "candles_1m");
    /** Tables whose past months (back to their retention) are created too. */
    private static final java.util.Set<String> BEHIND = java.util.Set.of("candles_1m");

    private final DatabaseClient db;
    private final SchemaProperties schema;
    private final Clock clock;
    private final Counter failures;
    private final RetentionProperties retention;

    public MonthlyPartitions(DatabaseClient db, SchemaProperties schema, Clock clock, MeterRegistry meters) {
        this(db, schema, clock, meters, RetentionProperties.defaults());
    }

    @org.springframework.beans.factory.annotation.Autowired
    public MonthlyPartitions(DatabaseClient db, SchemaProperties schema, Clock clock, MeterRegistry meters,
                             RetentionProperties retention) {
        this.db = db;
        this.schema = schema;
        this.clock = clock;
        this.retention = retention;
        this.failures = meters.counter("tickstream.backup.partition.failures");
    }

    /** Ensures the partitions from this month on; completes when all exist (or failed and were logged). */
    public Mono<Void> ensureAhead() {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        return Flux.fromIterable(TABLES)
                .concatMap(table -> Flux.range(-monthsBehind(table, now), monthsBehind(table, now) + schema.partitionsAhead() + 1)
                        .map(now::plusMonths)
                        .concatMap(month -> ensure(table, month)))
                .then();
    }

    /** The months before this one whose partitions {@code table} gets: back to the month its retention reaches. */
    private int monthsBehind(String table, YearMonth now) {
        java.time.Duration keep = retention.ofTable(table);
        if (!BEHIND.contains(table) || keep.isZero()) {
            return 0;
        }
        YearMonth oldest = YearMonth.from(clock.instant().minus(keep).atZone(ZoneOffset.UTC));
        return (int) Math.max(0, java.time.temporal.ChronoUnit.MONTHS.between(oldest, now));
    }

    /** The month a partition name ({@code <table>_pYYYY_MM}) covers, or null when it is not one of those. */
    static YearMonth monthOf(String table, String partition) {
        String prefix = table + "_p";
        if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 7) {
            return null;
        }
        try {
            return YearMonth.parse(partition.substring(prefix.length()).replace('_', '-'));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String sqlState(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof io.r2dbc.spi.R2dbcException r) {
                return r.getSqlState();
            }
        }
        return null;
    }

    private Mono<Void> ensure(String table, YearMonth month) {
        String name = "%s_p%04d_%02d".formatted(table, month.getYear(), month.getMonthValue());
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        String sql = "CREATE TABLE IF NOT EXISTS %s PARTITION OF %s FOR VALUES FROM ('%s 00:00:00+00') TO ('%s 00:00:00+00')"
                .formatted(schema.table(name), schema.table(table), from, to);
        return db.sql(sql).then()
                .onErrorResume(e -> {
                    if (CREATED_CONCURRENTLY.contains(sqlState(e))) {
                        return Mono.empty();
                    }
                    if (!DEFAULT_PARTITION_HOLDS_ROWS.equals(sqlState(e))) {
                        return Mono.error(e);
                    }
                    failures.increment();
                    log.error("cannot create partition {}: the default partition holds rows of that month ({})",
                            name, e.toString());
                    return Mono.empty();
                });
    }
}
