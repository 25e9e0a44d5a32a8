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
