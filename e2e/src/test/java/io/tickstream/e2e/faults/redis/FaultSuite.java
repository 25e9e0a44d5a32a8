package io.tickstream.e2e.faults.redis;

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
 * The five services as processes for the Redis fault scenarios, on a Redis the test chose (a private server, or a
 * proxy in front of one), on the simulated market (polled every 500 ms; the simulated feeds and the backfill off,
 * so the streams hold quotes, summaries and health transitions only), with stream keys and a PostgreSQL schema of
 * their own (the schema is dropped on {@link #close()}). {@code pushInstances} push instances; the gateway sends
 * {@code /ws} to {@code pushUri} (by default the first push instance).
 */
final class FaultSuite implements AutoCloseable {

    static final Duration READY = Duration.ofSeconds(240);
    static final String ADMIN_KEY = "fault-admin-key";

    final String prefix = TestKeys.unique("fault");
    final String marketData = prefix + ":crypto:market_data";
    final String dashboard = prefix + ":crypto:dashboard";
    final String health = prefix + ":system:health";
    final String trades = prefix + ":crypto:trades";
    final String bars = prefix + ":crypto:bars";
    final String schema = TestKeys.sqlName("fault");
    final Partitions partitions = Partitions.defaults();
    final SuiteNode ingest;
    final SuiteNode backup;
    final SuiteNode query;
    final List<SuiteNode> push = new ArrayList<>();
    final SuiteNode gateway;
    private final List<SuiteNode> all = new ArrayList<>();

    /**
     * @param redisHost     where every service finds Redis
     * @param redisPort     its port
     * @param pushInstances how many push instances
     * @param pushUri       where the gateway sends {@code /ws} and {@code /sse}; null for the first push instance
     * @param more          more settings per module name (e.g. {@code gateway}), over the defaults here
     */
    FaultSuite(String name, String redisHost, int redisPort, int pushInstances, String pushUri,
               Map<String, Map<String, String>> more) {
        TestPostgres.Settings pg = TestPostgres.settings();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("REDIS_HOST", redisHost);
        common.put("REDIS_PORT", Integer.toString(redisPort));
        common.put("POSTGRES_HOST", pg.endpoint().host());
        common.put("POSTGRES_PORT", Integer.toString(pg.endpoint().port()));
        common.put("POSTGRES_DB", pg.database());
        common.put("POSTGRES_USER", pg.user());
        common.put("POSTGRES_PASSWORD", pg.password());
        common.put("TICKSTREAM_ADMIN_APIKEY", ADMIN_KEY);
        String run = prefix.substring(prefix.lastIndexOf('-') + 1);

        Map<String, String> ingestEnv = new LinkedHashMap<>(common);
        ingestEnv.put("SPRING_PROFILES_ACTIVE", "simulated");
        ingestEnv.put("TICKSTREAM_INGEST_SOURCES_SIMULATED_POLLINTERVAL", "500ms");
        ingestEnv.put("TICKSTREAM_INGEST_FEEDS_SIMULATED_ENABLED", "false");
        ingestEnv.put("TICKSTREAM_INGEST_BACKFILL_ENABLED", "false");
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM", marketData);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM", dashboard);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM", health);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_TRADESSTREAM", trades);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_BARSSTREAM", bars);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM", prefix + ":control");
        ingestEnv.put("TICKSTREAM_INGEST_LEASE_KEYPREFIX", prefix + ":lease:");
        ingestEnv.putAll(more.getOrDefault("market-ingest-service", Map.of()));
        ingest = node("market-ingest-service", name + "-" + run + "-ingest", ingestEnv);

        Map<String, String> backupEnv = new LinkedHashMap<>(common);
        backupEnv.put("TICKSTREAM_BACKUP_SCHEMA_NAME", schema);
        backupEnv.put("TICKSTREAM_BACKUP_ARCHIVE_CLAIMMINIDLE", "10s");
        putStreams(backupEnv, "TICKSTREAM_BACKUP_STREAMS_");
        backupEnv.put("TICKSTREAM_BACKUP_STREAMS_BARS", bars);
        backupEnv.putAll(more.getOrDefault("stream-backup-service", Map.of()));
        backup = node("stream-backup-service", name + "-" + run + "-backup", backupEnv);

        Map<String, String> queryEnv = new LinkedHashMap<>(common);
        queryEnv.put("POSTGRES_SCHEMA", schema);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_MARKETDATA", marketData);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_DASHBOARD", dashboard);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_HEALTH", health);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_CONTROL", prefix + ":control");
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_STATEKEYPREFIX", prefix + ":query:state");
        queryEnv.put("TICKSTREAM_QUERY_CACHE_KEYPREFIX", prefix + ":query:cache:");
        queryEnv.putAll(more.getOrDefault("market-query-service", Map.of()));
        query = node("market-query-service", name + "-" + run + "-query", queryEnv);

        for (int i = 1; i <= pushInstances; i++) {
            Map<String, String> pushEnv = new LinkedHashMap<>(common);
            putStreams(pushEnv, "TICKSTREAM_PUSH_STREAMS_");
            pushEnv.put("TICKSTREAM_PUSH_STREAMS_EPOCHKEY", prefix + ":push:epoch");
            pushEnv.putAll(more.getOrDefault("websocket-push-service", Map.of()));
            push.add(node("websocket-push-service", name + "-" + run + "-push-" + i, pushEnv));
        }

        Map<String, String> gatewayEnv = new LinkedHashMap<>(common);
        gatewayEnv.put("INGEST_URI", ingest.url());
        gatewayEnv.put("QUERY_URI", query.url());
        gatewayEnv.put("PUSH_URI", pushUri == null ? push.getFirst().url() : pushUri);
        gatewayEnv.put("BACKUP_URI", backup.url());
        gatewayEnv.put("INGEST_MANAGEMENT_URI", ingest.managementUrl());
        gatewayEnv.put("QUERY_MANAGEMENT_URI", query.managementUrl());
        gatewayEnv.put("PUSH_MANAGEMENT_URI", push.getFirst().managementUrl());
        gatewayEnv.put("BACKUP_MANAGEMENT_URI", backup.managementUrl());
        gatewayEnv.put("TICKSTREAM_GATEWAY_FALLBACK_MARKETDATASTREAM", marketData);
        gatewayEnv.put("TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX", prefix + ":rl:");
        gatewayEnv.put("TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE", "1000");
        gatewayEnv.put("TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY", "2000");
        gatewayEnv.putAll(more.getOrDefault("gateway", Map.of()));
        gateway = node("gateway", name + "-" + run + "-gateway", gatewayEnv);
    }

    private SuiteNode node(String module, String logName, Map<String, String> env) {
        SuiteNode node = new SuiteNode(module, logName, freePort(), freePort(), env);
        all.add(node);
        return node;
    }

    /**
     * Starts every service and waits until all are ready. The query service starts once the backup service is ready
     * (its migration creates the schema the query service reads); the others start with the backup service, since a
     * JVM's start leaves the second core of this machine mostly idle.
     */
    FaultSuite start() {
        try {
            backup.start();
            ingest.start();
            push.forEach(SuiteNode::start);
            gateway.start();
            backup.awaitReady(READY);
            query.start();
            ingest.awaitReady(READY);
            query.awaitReady(READY);
            push.forEach(p -> p.awaitReady(READY));
            gateway.awaitReady(READY);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Every service process, the push instances in order. */
    List<SuiteNode> services() {
        List<SuiteNode> services = new ArrayList<>(List.of(ingest, backup, query));
        services.addAll(push);
        services.add(gateway);
        return services;
    }

    /** The streams the archive accounting covers: the quote partitions, the summary and health streams. */
    List<String> streams() {
        return StreamKeys.dataStreams(partitions, marketData, dashboard, health);
    }

    /** BTC's partition of the quote stream. */
    String btcStream() {
        return partitions.keyFor(marketData, "BTC");
    }

    @Override
    public void close() {
        // all at once (each SIGTERM waits for its process's graceful stop): the test's teardown, not a scenario
        List<Thread> stopping = all.reversed().stream().map(node -> Thread.ofVirtual().start(node::stop)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("fault suite cleanup: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private void putStreams(Map<String, String> env, String prefix) {
        env.put(prefix + "MARKETDATA", marketData);
        env.put(prefix + "DASHBOARD", dashboard);
        env.put(prefix + "HEALTH", health);
        env.put(prefix + "TRADES", trades);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
