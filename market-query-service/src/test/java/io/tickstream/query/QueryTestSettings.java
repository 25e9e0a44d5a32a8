package io.tickstream.query;

import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test's own names: streams, shared-state and cache key prefixes, a PostgreSQL schema created by the
 * backup service's own Flyway migrations (read from its source tree, nothing copied), dropped afterwards.
 */
public final class QueryTestSettings {

    /** The backup service owns the archive schema; its migrations are the only definition of it. */
    static final String MIGRATIONS = "filesystem:../stream-backup-service/src/main/resources/db/migration";

    /** One partition: every quote of a test goes to one stream ({@link #marketData}), whatever its symbol. */
    public static final Partitions PARTITIONS = new Partitions(1);
    /** The base name of the quote streams, as configured. */
    public final String marketDataBase = TestKeys.unique("crypto:market_data");
    /** The quote stream (the one partition of {@link #marketDataBase}). */
    public final String marketData = PARTITIONS.key(marketDataBase, 0);
    public final String dashboard = TestKeys.unique("crypto:dashboard");
    public final String health = TestKeys.unique("system:health");
    public final String control = TestKeys.unique("tickstream:ingest:control");
    public final String statePrefix = TestKeys.unique("tickstream:query:state");
    public final String cachePrefix = TestKeys.unique("tickstream:query:cache") + ":";
    public final String refreshGate = TestKeys.unique("tickstream:query:refresh-gate");
    public final String schema = TestKeys.sqlName("query");

    /** Properties of a service instance using these names, the test Redis and PostgreSQL. */
    public Map<String, Object> properties(String redisHost, int redisPort) {
        TestPostgres.Settings pg = TestPostgres.settings();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.data.redis.host", redisHost);
        p.put("spring.data.redis.port", redisPort);
        p.put("spring.r2dbc.url", pg.r2dbcUrl());
        p.put("spring.r2dbc.username", pg.user());
        p.put("spring.r2dbc.password", pg.password());
        p.put("tickstream.query.streams.market-data", marketDataBase);
        p.put("tickstream.streams.partitions", PARTITIONS.count());
        p.put("tickstream.query.streams.dashboard", dashboard);
        p.put("tickstream.query.streams.health", health);
        p.put("tickstream.query.streams.control", control);
        p.put("tickstream.query.quotes.refresh-gate-key", refreshGate);
        p.put("tickstream.query.streams.state-key-prefix", statePrefix);
        p.put("tickstream.query.cache.key-prefix", cachePrefix);
        p.put("tickstream.query.history.schema", schema);
        p.put("server.port", 0);
        p.put("management.server.port", 0);
        return p;
    }

    public Map<String, Object> properties() {
        return properties(TestRedis.endpoint().host(), TestRedis.endpoint().port());
    }

    /** The shared-state key {@code suffix} ({@code quotes}, {@code times}, {@code position}) of {@code stream}. */
    public String stateKey(String stream, String suffix) {
        return StreamKeys.inSlotOf(statePrefix, stream) + ":" + suffix;
    }

    /** Creates the archive schema with the backup service's migrations. */
    public void createSchema() {
        TestPostgres.Settings pg = TestPostgres.settings();
        Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), pg.password())
                .schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations(MIGRATIONS).failOnMissingLocations(true)
                .load().migrate();
    }

    /** Runs SQL in this test's schema. */
    public void sql(String statement) {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Recomputes the candle rollups from the raw rows of this test's schema, as the backup service keeps them (its own
     * tests prove it does; here they are the query service's input): 1m from quotes (prices, ticks) and trades
     * (volume), the longer widths from 1m, the series' spans. Rows inserted straight into the candle tables
     * (a backfill's bars) are kept where no raw row of their minute exists.
     */
    public void rollUp() {
        String minute = "date_bin(interval '60 seconds', source_time, TIMESTAMPTZ '2000-01-01 00:00:00+00')";
        sql("DELETE FROM candles_1m WHERE origin = 'live'; TRUNCATE candles_derived, candle_series");
        sql("INSERT INTO candles_1m (symbol, source, quote, open_time, open, high, low, close, open_at, close_at, ticks, origin)"
                + " SELECT symbol, source, quote, " + minute + ", (array_agg(price ORDER BY source_time))[1], max(price),"
                + " min(price), (array_agg(price ORDER BY source_time DESC))[1], min(source_time), max(source_time), count(*), 'live'"
                + " FROM market_quotes GROUP BY 1, 2, 3, 4 ON CONFLICT DO NOTHING");
        sql("INSERT INTO candles_1m AS c (symbol, source, quote, open_time, base_volume, quote_volume, trades, origin)"
                + " SELECT symbol, source, quote, " + minute + ", sum(size), sum(price * size), count(*), 'live'"
                + " FROM market_trades GROUP BY 1, 2, 3, 4 ON CONFLICT (symbol, source, quote, open_time) DO UPDATE SET"
                + " base_volume = EXCLUDED.base_volume, quote_volume = EXCLUDED.quote_volume, trades = EXCLUDED.trades"
                + " WHERE c.origin = 'live'");
        for (int width : new int[] {300, 900, 3600, 14400, 86400}) {
            sql("INSERT INTO candles_derived (interval_s, symbol, source, quote, open_time, open, high, low, close,"
                    + " base_volume, quote_volume, ticks, trades, origin)"
                    + " SELECT " + width + ", symbol, source, quote,"
                    + " date_bin(interval '" + width + " seconds', open_time, TIMESTAMPTZ '2000-01-01 00:00:00+00'),"
                    + " (array_agg(open ORDER BY open_time) FILTER (WHERE open IS NOT NULL))[1], max(high), min(low),"
                    + " (array_agg(close ORDER BY open_time DESC) FILTER (WHERE close IS NOT NULL))[1],"
                    + " sum(base_volume), sum(quote_volume), sum(ticks), sum(trades),"
                    + " CASE WHEN bool_and(origin = 'backfill') THEN 'backfill' WHEN bool_and(origin = 'live') THEN 'live' ELSE 'mixed' END"
                    + " FROM candles_1m GROUP BY 2, 3, 4, 5");
        }
        // as the backup's rollup job stores them; the 4-hour candles left without, as rows derived before the column
        // existed are: the query service renders those itself, so both paths are in every test
        sql("UPDATE candles_derived SET wire = " + io.tickstream.common.market.CandleJsonSql.expression()
                + " WHERE interval_s <> 14400");
        sql("INSERT INTO candle_series SELECT symbol, source, quote, min(open_time), max(open_time) FROM candles_1m GROUP BY 1, 2, 3");
    }

    /** The first column of the first row of a query in this test's schema, as a long. */
    public long count(String query) {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (var rows = s.executeQuery(query)) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error message a statement fails with in this test's schema, null when it succeeds. */
    public String sqlError(String statement) {
        try {
            sql(statement);
            return null;
        } catch (IllegalStateException e) {
            return e.getCause().getMessage();
        }
    }

    public void dropSchema() {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
