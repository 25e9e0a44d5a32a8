package io.tickstream.backup;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tickstream.backup.archive.ArchiveMetrics;
import io.tickstream.backup.archive.ArchiveProperties;
import io.tickstream.backup.archive.ArchiveSpans;
import io.tickstream.backup.archive.ArchiveWriter;
import io.tickstream.backup.archive.Archiver;
import io.tickstream.backup.archive.BatchArchiver;
import io.tickstream.backup.schema.MonthlyPartitions;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.testkit.TcpProxy;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.core.DatabaseClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The backup service's parts assembled on the test Redis and PostgreSQL, without Spring: streams and a
 * schema of this test's own (dropped on {@link #close()}), a pooled R2DBC connection (optionally through
 * a {@link TcpProxy}), and archivers built on demand. Assertions read PostgreSQL over JDBC.
 */
public final class BackupHarness implements AutoCloseable {

    public final StreamsProperties streams = new StreamsProperties(TestKeys.unique("crypto:market_data"),
            TestKeys.unique("crypto:dashboard"), TestKeys.unique("system:health"), TestKeys.unique("crypto:trades"),
            TestKeys.unique("crypto:bars"));
    /**
     * One partition: every quote of a test goes to one stream ({@link #marketData()}), whatever its symbol;
     * the spread over partitions is the ingest's and the layout's to prove.
     */
    public final Partitions partitions = new Partitions(1);
    public final SchemaProperties schema = new SchemaProperties(TestKeys.sqlName("backup"), 2, Duration.ofHours(6));
    public final String group = "backup";
    public final TestPostgres.Settings pg = TestPostgres.settings();
    public final RedisConnections redis;
    private final RedisClient syncClient = RedisClient.create(TestRedis.endpoint().redisUri());
    private final StatefulRedisConnection<String, String> syncConnection = syncClient.connect();
    public final ConnectionPool pool;
    private final List<Archiver> archivers = new ArrayList<>();

    public BackupHarness() {
        this(TestPostgres.settings().endpoint().port());
    }

    /** A harness whose R2DBC connections go to {@code postgresPort} (e.g. a proxy's). */
    public BackupHarness(int postgresPort) {
        this(postgresPort, TestRedis.endpoint().port());
    }

    /**
     * A harness whose R2DBC connections go to {@code postgresPort} and whose stream connections go to
     * {@code redisPort} (e.g. proxies'); arranging and asserting always use the real servers.
     */
    public BackupHarness(int postgresPort, int redisPort) {
        redis = RedisConnections.standalone(RedisURI.create(TestRedis.endpoint().host(), redisPort));
        // connected up front, as in a running service: an archiver's first own-pending read then comes well
        // before its first reclaim pass (200 ms in tests), which on Redis 7 drops deleted pending entries uncounted
        redis.shared().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(5));
        Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), pg.password())
                .schemas(schema.name()).defaultSchema(schema.name()).createSchemas(true)
                .load().migrate();
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(pg.endpoint().host()).port(postgresPort).database(pg.database())
                .username(pg.user()).password(pg.password())
                .connectTimeout(Duration.ofSeconds(2))
                .build());
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .initialSize(0).maxSize(5)
                .maxAcquireTime(Duration.ofSeconds(3))
                .maxCreateConnectionTime(Duration.ofSeconds(3))
                .build());
    }

    /** Archive settings for tests: small backoff, short claim idle unless said otherwise. */
    public static ArchiveProperties properties(String consumer, int batchSize, Duration claimMinIdle, int maxDeliveries) {
        return properties(consumer, batchSize, claimMinIdle, maxDeliveries, ArchiveProperties.DEFAULT_COPY_MIN_ROWS);
    }

    /** {@link #properties(String, int, Duration, int)} with COPY from {@code copyMinRows} rows on (0: never). */
    public static ArchiveProperties properties(String consumer, int batchSize, Duration claimMinIdle, int maxDeliveries,
                                               int copyMinRows) {
        return new ArchiveProperties(true, "backup", consumer, batchSize, Duration.ofMillis(100), maxDeliveries,
                Duration.ofMillis(100), claimMinIdle, Duration.ofMillis(200), Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofSeconds(5), 1000, Duration.ofHours(24), copyMinRows);
    }

    public ArchiveWriter writer() {
        return new ArchiveWriter(pool, schema);
    }

    /** A writer that sends a table's rows of a batch by COPY from {@code copyMinRows} on (0: never). */
    public ArchiveWriter writer(int copyMinRows) {
        return new ArchiveWriter(pool, schema, io.tickstream.backup.rollup.RollupProperties.defaults(), copyMinRows);
    }

    public BatchArchiver batchArchiver(ArchiveProperties properties, SimpleMeterRegistry meters) {
        return new BatchArchiver(writer(properties.copyMinRows()), new ArchiveMetrics(meters), properties);
    }

    /** A started archiver. */
    public Archiver startArchiver(ArchiveProperties properties, SimpleMeterRegistry meters) {
        return startArchiver(properties, meters, ArchiveSpans.none());
    }

    /** A started archiver that traces its entries with {@code spans}. */
    public Archiver startArchiver(ArchiveProperties properties, SimpleMeterRegistry meters, ArchiveSpans spans) {
        Archiver archiver = new Archiver(streams, partitions, properties, redis,
                new BatchArchiver(writer(properties.copyMinRows()), new ArchiveMetrics(meters), properties, spans), meters,
                new MonthlyPartitions(DatabaseClient.create(pool), schema, Clock.systemUTC(), meters));
        archiver.start();
        archivers.add(archiver);
        return archiver;
    }

    /** The quote stream of this harness's layout (its one partition). */
    public String marketData() {
        return partitions.key(streams.marketData(), 0);
    }

    /** The trade stream of this harness's layout (its one partition). */
    public String trades() {
        return partitions.key(streams.trades(), 0);
    }

    /** The bar stream of this harness's layout (its one partition). */
    public String bars() {
        return partitions.key(streams.bars(), 0);
    }

    /** Synchronous Redis commands for arranging and asserting. */
    public RedisCommands<String, String> redisSync() {
        return syncConnection.sync();
    }

    /** Appends {@code events} to their streams through the codec; the entry ids. */
    public List<String> publish(Collection<? extends MarketEvent> events) {
        List<String> ids = new ArrayList<>(events.size());
        for (MarketEvent event : events) {
            ids.add(redisSync().xadd(streams.streamFor(event, partitions), StreamEntryCodec.encode(event)));
        }
        return ids;
    }

    /** Appends raw fields to {@code stream}. */
    public String publishRaw(String stream, Map<String, String> fields) {
        return redisSync().xadd(stream, fields);
    }

    public long rows(String table) {
        return queryLong("SELECT count(*) FROM " + schema.table(table));
    }

    public long distinctIds(String table) {
        return queryLong("SELECT count(DISTINCT id) FROM " + schema.table(table));
    }

    public long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String queryString(String sql) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entries of the group not yet acknowledged on {@code stream} (XPENDING count). */
    public long pending(String stream) {
        return redisSync().xpending(stream, group).getCount();
    }

    /** XINFO GROUPS of {@code stream} for the backup group: name, pending, last-delivered-id, lag... */
    public Map<String, Object> groupInfo(String stream) {
        if (redisSync().exists(stream) == 0) {
            return Map.of();
        }
        for (Object group : redisSync().xinfoGroups(stream)) {
            List<?> pairs = (List<?>) group;
            Map<String, Object> info = new java.util.HashMap<>();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                info.put(String.valueOf(pairs.get(i)), pairs.get(i + 1));
            }
            if (this.group.equals(info.get("name"))) {
                return info;
            }
        }
        return Map.of();
    }

    @Override
    public void close() {
        archivers.forEach(Archiver::kill);
        pool.dispose();
        for (String stream : streams.all(partitions)) {
            redisSync().del(stream, StreamKeys.deadLetter(stream));
        }
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema.name() + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        syncConnection.close();
        syncClient.shutdown();
        redis.close();
    }
}
