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
 * Creates the monthly partitions of the time-partitioned archive tables ({@link #TABLES}: {@code market_quotes}
 * and {@code market_trades}) ahead of time: the current month and {@link SchemaProperties#partitionsAhead()}
 * more, named {@code <table>_pYYYY_MM}, bounds in UTC.
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
    public static final java.util.List<String> TABLES = java.util.List.of("market_quotes", "market_trades");

    private final DatabaseClient db;
    private final SchemaProperties schema;
    private final Clock clock;
    private final Counter failures;

    public MonthlyPartitions(DatabaseClient db, SchemaProperties schema, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.schema = schema;
        this.clock = clock;
        this.failures = meters.counter("tickstream.backup.partition.failures");
    }

    /** Ensures the partitions from this month on; completes when all exist (or failed and were logged). */
    public Mono<Void> ensureAhead() {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        return Flux.range(0, schema.partitionsAhead() + 1)
                .map(now::plusMonths)
                .concatMap(month -> Flux.fromIterable(TABLES).concatMap(table -> ensure(table, month)))
                .then();
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
