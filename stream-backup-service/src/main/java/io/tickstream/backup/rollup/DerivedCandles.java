package io.tickstream.backup.rollup;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.tickstream.backup.LifecyclePhases;
import io.tickstream.backup.PeriodicLoop;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.market.CandleJsonSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the 5m, 15m, 1h, 4h and 1d candles from the 1-minute ones, every {@link RollupProperties#deriveEvery()}
 * (so a longer candle is at most that, plus one round, behind its minutes). A round, in one transaction: take the
 * minutes marked changed ({@code DELETE FROM candle_dirty ... RETURNING}: only marks of committed batches are
 * visible, later ones stay for the next round), then for each width in order recompute the buckets holding them
 * from the width below (5m from 1m, 15m from 5m, ...: at most 6 child rows per bucket), and widen the series'
 * spans in {@code candle_series}. A bucket is recomputed whole, so a round is idempotent, and the result equals an
 * aggregation of the bucket's minutes: open of the first minute with prices, close of the last, high and low
 * over all, volumes, ticks and trades summed; origin {@code backfill}, {@code live} or {@code mixed}; and the
 * candle's JSON as the query service answers it ({@code wire}, {@link CandleJsonSql}), so reading a long range is
 * a concatenation of stored text.
 *
 * <p>One round at a time across instances: a round runs under a transaction-scoped advisory lock
 * ({@code pg_try_advisory_xact_lock}); an instance that does not get it skips its round. Were two rounds to
 * recompute one bucket from different snapshots, the older could land last.
 */
public class DerivedCandles extends PeriodicLoop {

    private static final Logger log = LoggerFactory.getLogger(DerivedCandles.class);
    private static final int MAX_ROUNDS_IN_A_ROW = 50;
    /** A bound minute (epoch ms, exact) as a timestamptz. */
    private static final String MILLIS = "timestamptz 'epoch' + u.open_ms * interval '1 millisecond'";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final SchemaProperties schema;
    private final RollupProperties properties;
    private final MeterRegistry meters;
    private final List<String> deriveSql;
    private final String takeSql;
    private final String seriesSql;

    public DerivedCandles(ConnectionFactory connections, SchemaProperties schema, RollupProperties properties,
                          MeterRegistry meters) {
        super(properties.deriveEvery(), properties.deriveEvery(), LifecyclePhases.UPKEEP);
        this.db = DatabaseClient.create(connections);
        this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(connections));
        this.schema = schema;
        this.properties = properties;
        this.meters = meters;
        this.takeSql = "DELETE FROM " + schema.table("candle_dirty") + " WHERE (symbol, source, quote, open_time) IN"
                + " (SELECT symbol, source, quote, open_time FROM " + schema.table("candle_dirty") + " LIMIT $1)"
                + " RETURNING symbol, source, quote, (extract(epoch FROM open_time) * 1000)::int8 AS open_ms";
        this.seriesSql = "INSERT INTO " + schema.table("candle_series") + " AS s (symbol, source, quote, first_open, last_open)"
                + " SELECT u.symbol, u.source, u.quote, min(" + MILLIS + "), max(" + MILLIS + ")"
                + " FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[]) AS u(symbol, source, quote, open_ms)"
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
                + " ON CONFLICT (symbol, source, quote) DO UPDATE SET first_open = least(s.first_open, EXCLUDED.first_open),"
                + " last_open = greatest(s.last_open, EXCLUDED.last_open)";
        this.deriveSql = CandleWidth.DERIVED.stream().map(this::deriveSql).toList();
    }

    @Override
    public void start() {
        if (properties.jobEnabled()) {
            super.start();
        }
    }

    @Override
    public Mono<Void> runOnce() {
        return deriveAll().then().onErrorResume(e -> {
            log.warn("deriving the longer candles failed, next try in {}: {}", properties.deriveEvery(), e.toString());
            meters.counter("tickstream.backup.rollup.errors").increment();
            return Mono.empty();
        });
    }

    /** Rounds until no full batch of changed minutes is left; emits the minutes taken. */
    public Mono<Long> deriveAll() {
        return deriveOnce()
                .expand(taken -> taken >= properties.deriveBatch() ? deriveOnce() : Mono.empty())
                .take(MAX_ROUNDS_IN_A_ROW)
                .reduce(0L, Long::sum);
    }

    /** One round; emits the changed minutes taken (0 when another instance holds the round). */
    public Mono<Long> deriveOnce() {
        Mono<Long> round = db.sql("SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked")
                .bind(0, schema.name() + ".candles_derived")
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? take().flatMap(this::derive) : Mono.just(0L));
        return transaction.transactional(round)
                .doOnNext(taken -> meters.counter("tickstream.backup.rollup.minutes").increment(taken));
    }

    /** The changed minutes, as arrays. */
    private record Minutes(List<String> symbols, List<String> sources, List<String> quotes, List<Long> times) {
        int size() {
            return symbols.size();
        }
    }

    private Mono<Minutes> take() {
        Minutes minutes = new Minutes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        return db.sql(takeSql).bind(0, properties.deriveBatch())
                .map(row -> {
                    minutes.symbols().add(row.get("symbol", String.class));
                    minutes.sources().add(row.get("source", String.class));
                    minutes.quotes().add(row.get("quote", String.class));
                    minutes.times().add(row.get("open_ms", Long.class));
                    return 1;
                })
                .all()
                .then(Mono.fromSupplier(() -> minutes));
    }

    private Mono<Long> derive(Minutes minutes) {
        if (minutes.size() == 0) {
            return Mono.just(0L);
        }
        return Flux.fromIterable(deriveSql)
                .concatMap(sql -> bind(db.sql(sql), minutes).fetch().rowsUpdated())
                .then(bind(db.sql(seriesSql), minutes).fetch().rowsUpdated())
                .thenReturn((long) minutes.size());
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Minutes minutes) {
        return spec.bind(0, minutes.symbols().toArray(String[]::new))
                .bind(1, minutes.sources().toArray(String[]::new))
                .bind(2, minutes.quotes().toArray(String[]::new))
                .bind(3, minutes.times().toArray(Long[]::new));
    }

    /** Recomputes the {@code width} buckets holding the bound minutes from the width below. */
    private String deriveSql(CandleWidth width) {
        String child = width.from() == 60
                ? schema.table("candles_1m") + " c WHERE true"
                : schema.table("candles_derived") + " c WHERE c.interval_s = " + width.from();
        String span = "interval '" + width.seconds() + " seconds'";
        return "WITH m AS (SELECT DISTINCT u.symbol, u.source, u.quote, " + width.bucketOf(MILLIS) + " AS open_time"
                + " FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[]) AS u(symbol, source, quote, open_ms))"
                + " INSERT INTO " + schema.table("candles_derived") + " AS d (interval_s, symbol, source, quote, open_time,"
                + " open, high, low, close, base_volume, quote_volume, ticks, trades, origin, wire)"
                + " SELECT a.*, " + CandleJsonSql.expression() + " FROM ("
                + " SELECT " + width.seconds() + " AS interval_s, m.symbol, m.source, m.quote, m.open_time,"
                + " (array_agg(c.open ORDER BY c.open_time) FILTER (WHERE c.open IS NOT NULL))[1] AS open,"
                + " max(c.high) AS high, min(c.low) AS low,"
                + " (array_agg(c.close ORDER BY c.open_time DESC) FILTER (WHERE c.close IS NOT NULL))[1] AS close,"
                + " sum(c.base_volume) AS base_volume, sum(c.quote_volume) AS quote_volume, sum(c.ticks) AS ticks,"
                + " sum(c.trades) AS trades,"
                + " CASE WHEN bool_and(c.origin = 'backfill') THEN 'backfill' WHEN bool_and(c.origin = 'live') THEN 'live'"
                + " ELSE 'mixed' END AS origin"
                + " FROM m JOIN LATERAL (SELECT * FROM " + child + " AND c.symbol = m.symbol AND c.source = m.source"
                + " AND c.quote = m.quote AND c.open_time >= m.open_time AND c.open_time < m.open_time + " + span + ") c ON true"
                + " GROUP BY m.symbol, m.source, m.quote, m.open_time) a ORDER BY 2, 3, 4, 5"
                + " ON CONFLICT (symbol, source, quote, interval_s, open_time) DO UPDATE SET"
                + " open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,"
                + " base_volume = EXCLUDED.base_volume, quote_volume = EXCLUDED.quote_volume, ticks = EXCLUDED.ticks,"
                + " trades = EXCLUDED.trades, origin = EXCLUDED.origin, wire = EXCLUDED.wire, updated_at = now()";
    }
}
