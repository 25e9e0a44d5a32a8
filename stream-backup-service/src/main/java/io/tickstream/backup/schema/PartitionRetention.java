package io.tickstream.backup.schema;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.backup.LifecyclePhases;
import io.tickstream.backup.PeriodicLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Retention ({@link RetentionProperties}), every {@code check-every}: drops each monthly partition of
 * {@link MonthlyPartitions#TABLES} whose whole month lies before {@code now - retention} of its table (a month's
 * partition goes once its last row is past the limit, never earlier; its rows are never deleted one by one), and
 * deletes the derived candles older than their interval's retention. The default partitions are never dropped.
 *
 * <p>Our own code rather than pg_partman: the partitions are created by {@link MonthlyPartitions} already, the
 * drop is one catalog query and a {@code DROP TABLE} per month, and it runs on a managed PostgreSQL where
 * extensions beyond the provider's list cannot be installed. Several instances may run it at once: a
 * partition dropped by another is skipped ({@code IF EXISTS}).
 */
@Component
public class PartitionRetention extends PeriodicLoop {

    private static final Logger log = LoggerFactory.getLogger(PartitionRetention.class);
    private static final List<Integer> DERIVED_INTERVALS = List.of(300, 900, 3_600, 14_400, 86_400);

    private final DatabaseClient db;
    private final SchemaProperties schema;
    private final RetentionProperties retention;
    private final Clock clock;
    private final MeterRegistry meters;

    public PartitionRetention(DatabaseClient db, SchemaProperties schema, RetentionProperties retention, Clock clock,
                              MeterRegistry meters) {
        super(Duration.ofMinutes(1), retention.checkEvery(), LifecyclePhases.UPKEEP);
        this.db = db;
        this.schema = schema;
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void start() {
        if (retention.enabled()) {
            super.start();
        }
    }

    @Override
    public Mono<Void> runOnce() {
        return apply().then().onErrorResume(e -> {
            log.warn("retention failed, next try in {}: {}", retention.checkEvery(), e.toString());
            return Mono.empty();
        });
    }

    /** One round; emits the partitions dropped (qualified names). */
    public Mono<List<String>> apply() {
        Instant now = clock.instant();
        return Flux.fromIterable(MonthlyPartitions.TABLES)
                .filter(table -> !retention.ofTable(table).isZero())
                .concatMap(table -> dropBefore(table, now.minus(retention.ofTable(table))))
                .collectList()
                .flatMap(dropped -> deleteDerived(now).thenReturn(dropped));
    }

    private Flux<String> dropBefore(String table, Instant limit) {
        return db.sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace"
                        + " WHERE n.nspname = $1 AND p.relname = $2 ORDER BY c.relname")
                .bind(0, schema.name()).bind(1, table)
                .map(row -> row.get(0, String.class))
                .all()
                .filter(partition -> {
                    YearMonth month = MonthlyPartitions.monthOf(table, partition);
                    return month != null && !month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(limit);
                })
                .concatMap(partition -> db.sql("DROP TABLE IF EXISTS " + schema.table(partition)).then()
                        .doOnSuccess(done -> {
                            meters.counter("tickstream.backup.retention.dropped", "table", table).increment();
                            log.info("retention: dropped partition {} (all its rows before {})", partition, limit);
                        })
                        .thenReturn(schema.table(partition)));
    }

    private Mono<Long> deleteDerived(Instant now) {
        return Flux.fromIterable(DERIVED_INTERVALS)
                .filter(seconds -> !retention.ofInterval(seconds).isZero())
                .concatMap(seconds -> db.sql("DELETE FROM " + schema.table("candles_derived")
                                + " WHERE interval_s = $1 AND open_time < $2")
                        .bind(0, seconds).bind(1, now.minus(retention.ofInterval(seconds)))
                        .fetch().rowsUpdated()
                        .doOnNext(n -> meters.counter("tickstream.backup.retention.deleted", "interval", seconds + "s").increment(n)))
                .reduce(0L, Long::sum);
    }
}
