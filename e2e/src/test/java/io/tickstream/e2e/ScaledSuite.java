package io.tickstream.e2e;

import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite as real processes on a Redis topology a test started (a {@code PrivateRedisCluster} or
 * {@code PrivateRedisSentinel}), chosen by environment variables alone, as an operator would:
 * {@code instances} of ingest, backup, query and push, one gateway in front of the first of each; the
 * simulated market on {@code symbols} symbols, polled every {@code pollInterval}; streams, keys and a
 * PostgreSQL schema of its own (dropped on {@link #close()}).
 */
final class ScaledSuite implements AutoCloseable {

    final String prefix = TestKeys.unique("scaled");
    final String marketData = prefix + ":crypto:market_data";
    final String dashboard = prefix + ":crypto:dashboard";
    final String health = prefix + ":system:health";
    final String trades = prefix + ":crypto:trades";
    final String schema = TestKeys.sqlName("scaled");
    final Partitions partitions = Partitions.defaults();
    final List<String> symbols;
    final List<Instance> ingest = new ArrayList<>();
    final List<Instance> backup = new ArrayList<>();
    final List<Instance> query = new ArrayList<>();
    final List<Instance> push = new ArrayList<>();
    Instance gateway;
    private final String name;
    private final Duration pollInterval;
    private final Map<String, String> ingestEnv;
    private final Map<String, String> common = new LinkedHashMap<>();
    /** Every instance started, in order: {@link #close()} stops them all, last first. */
    private final List<Instance> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Duration READY = Duration.ofSeconds(300);

    /** One service process, its HTTP port and its management (actuator) port. */
    record Instance(ServiceProcess process, int port, int managementPort) {

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** The actuator's base, on the management port. */
        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        String readiness() {
            return managementUrl() + "/actuator/health/readiness";
        }
    }

    /**
     * @param redisEnv     what selects the topology (e.g. {@code SPRING_DATA_REDIS_CLUSTER_NODES})
     * @param instances    instances of each service but the gateway
     * @param symbols      symbols of the simulated market
     * @param pollInterval the simulated market's poll interval
     * @param ingestEnv    more settings for the ingest instances (e.g. {@code TICKSTREAM_INGEST_PUBLISH_WAITREPLICAS})
     */
    ScaledSuite(String name, Map<String, String> redisEnv, int instances, List<String> symbols, Duration pollInterval,
                Map<String, String> ingestEnv) {
        this(name, redisEnv, symbols, pollInterval, ingestEnv);
        try {
            for (int i = 1; i <= instances; i++) {
                ingest.add(startIngest(i));
                backup.add(startBackup(i));
                query.add(startQuery(i));
                push.add(startPush(i));
            }
            gateway = startGateway();
            awaitReady(backup);
            awaitReady(ingest);
            awaitReady(query);
            awaitReady(push);
        } catch (RuntimeException e) {
            close(); // the caller never gets this suite to close: stop what was started
            throw e;
        }
    }

    /** The names and settings only: nothing started ({@link #startIngest} and the others start what is needed). */
    ScaledSuite(String name, Map<String, String> redisEnv, List<String> symbols, Duration pollInterval,
                Map<String, String> ingestEnv) {
        this.name = name;
        this.symbols = List.copyOf(symbols);
        this.pollInterval = pollInterval;
        this.ingestEnv = Map.copyOf(ingestEnv);
        TestPostgres.Settings pg = TestPostgres.settings();
        common.putAll(redisEnv);
        common.put("POSTGRES_HOST", pg.endpoint().host());
        common.put("POSTGRES_PORT", Integer.toString(pg.endpoint().port()));
        common.put("POSTGRES_DB", pg.database());
        common.put("POSTGRES_USER", pg.user());
        common.put("POSTGRES_PASSWORD", pg.password());
        common.put("TICKSTREAM_ADMIN_APIKEY", Suite.ADMIN_KEY);
    }

    Instance startIngest(int i) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("SPRING_PROFILES_ACTIVE", "simulated");
        env.put("TICKSTREAM_INGEST_SYMBOLS", String.join(",", symbols));
        env.put("TICKSTREAM_INGEST_INSTANCEID", name + "-ingest-" + i);
        env.put("TICKSTREAM_INGEST_SOURCES_SIMULATED_POLLINTERVAL", pollInterval.toMillis() + "ms");
        env.put("TICKSTREAM_INGEST_SOURCES_SIMULATED_BUDGET_REQUESTS", "100000");
        // the simulated venues stream over the feed path; these topology runs measure the polled market alone
        env.put("TICKSTREAM_INGEST_FEEDS_SIMULATED_ENABLED", "false");
        env.put("TICKSTREAM_INGEST_BACKFILL_ENABLED", "false");
        env.put("TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM", marketData);
        env.put("TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM", dashboard);
        env.put("TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM", health);
        env.put("TICKSTREAM_INGEST_PUBLISH_TRADESSTREAM", trades);
        env.put("TICKSTREAM_INGEST_PUBLISH_BARSSTREAM", prefix + ":crypto:bars");
        env.put("TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM", prefix + ":control");
        env.put("TICKSTREAM_INGEST_LEASE_KEYPREFIX", prefix + ":lease:");
        env.put("TICKSTREAM_INGEST_LEASE_TTL", "3s");
        env.put("TICKSTREAM_INGEST_LEASE_RENEWEVERY", "1s");
        env.putAll(ingestEnv);
        return start(name + "-ingest-" + i, "market-ingest-service", env);
    }

    Instance startBackup(int i) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("TICKSTREAM_BACKUP_SCHEMA_NAME", schema);
        env.put("TICKSTREAM_BACKUP_ARCHIVE_CONSUMERNAME", name + "-backup-" + i);
        env.put("TICKSTREAM_BACKUP_ARCHIVE_CLAIMMINIDLE", "10s");
        putStreams(env, "TICKSTREAM_BACKUP_STREAMS_");
        return start(name + "-backup-" + i, "stream-backup-service", env);
    }

    Instance startQuery(int i) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("POSTGRES_SCHEMA", schema);
        putStreams(env, "TICKSTREAM_QUERY_STREAMS_");
        env.put("TICKSTREAM_QUERY_STREAMS_CONTROL", prefix + ":control");
        env.put("TICKSTREAM_QUERY_STREAMS_STATEKEYPREFIX", prefix + ":query:state");
        env.put("TICKSTREAM_QUERY_CACHE_KEYPREFIX", prefix + ":query:cache:");
        return start(name + "-query-" + i, "market-query-service", env);
    }

    Instance startPush(int i) {
        Map<String, String> env = new LinkedHashMap<>(common);
        putStreams(env, "TICKSTREAM_PUSH_STREAMS_");
        env.put("TICKSTREAM_PUSH_STREAMS_EPOCHKEY", prefix + ":push:epoch");
        return start(name + "-push-" + i, "websocket-push-service", env);
    }

    /**
     * The suite's quote, summary and health streams under a service's {@code <prefix>MARKETDATA} and the others,
     * and its trade streams for the services that read them (backup, push; the query service has no such key).
     */
    private void putStreams(Map<String, String> env, String prefix) {
        env.put(prefix + "MARKETDATA", marketData);
        env.put(prefix + "DASHBOARD", dashboard);
        env.put(prefix + "HEALTH", health);
        if (!prefix.startsWith("TICKSTREAM_QUERY_")) {
            env.put(prefix + "TRADES", trades);
        }
        if (prefix.startsWith("TICKSTREAM_BACKUP_")) {
            env.put(prefix + "BARS", this.prefix + ":crypto:bars");
        }
    }

    /** The gateway in front of the first instance of each service; returns once it is ready. */
    private Instance startGateway() {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("INGEST_URI", ingest.getFirst().url());
        env.put("QUERY_URI", query.getFirst().url());
        env.put("PUSH_URI", push.getFirst().url());
        env.put("BACKUP_URI", backup.getFirst().url());
        env.put("INGEST_MANAGEMENT_URI", ingest.getFirst().managementUrl());
        env.put("QUERY_MANAGEMENT_URI", query.getFirst().managementUrl());
        env.put("PUSH_MANAGEMENT_URI", push.getFirst().managementUrl());
        env.put("BACKUP_MANAGEMENT_URI", backup.getFirst().managementUrl());
        env.put("TICKSTREAM_GATEWAY_FALLBACK_MARKETDATASTREAM", marketData);
        env.put("TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX", prefix + ":rl:");
        env.put("TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE", "1000");
        env.put("TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY", "2000");
        Instance started = start(name + "-gateway", "gateway", env);
        started.process().awaitReady(started.readiness(), READY);
        return started;
    }

    private Instance start(String logName, String module, Map<String, String> env) {
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> withPort = new LinkedHashMap<>(env);
        withPort.put("PORT", Integer.toString(port));
        withPort.put("MANAGEMENT_PORT", Integer.toString(managementPort));
        Instance started = new Instance(new ServiceProcess(module, logName, withPort), port, managementPort);
        this.started.add(started);
        started.process().start();
        return started;
    }

    /** Waits until every instance of {@code instances} is ready. */
    static void awaitReady(List<Instance> instances) {
        instances.forEach(i -> i.process().awaitReady(i.readiness(), READY));
    }

    String gatewayUrl() {
        return gateway.url();
    }

    /** Every stream of the suite: the quote partitions, the summary and health streams. */
    List<String> streams() {
        return StreamKeys.dataStreams(partitions, marketData, dashboard, health);
    }

    @Override
    public void close() {
        started.reversed().forEach(i -> i.process().stop());
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("scaled suite cleanup: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
