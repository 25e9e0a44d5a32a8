package io.tickstream.e2e;

import io.tickstream.testkit.Endpoint;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole suite as real processes on free ports, on the simulated market, with streams, lease keys
 * and a PostgreSQL schema of its own, started once per test JVM and stopped when it ends. Tracing is on:
 * every service samples every trace and exports it to {@link #traces}, an OTLP receiver in this JVM.
 */
final class Suite {

    private static Suite instance;
    /** When the ingest service (and with it the backfill) started, epoch ms. */
    volatile long ingestStartedAt;
    /** When BTC's history and indicators were first served, measured from the ingest service's start. */
    volatile HistoryWatch history;

    final String prefix = TestKeys.unique("e2e");
    final String marketData = prefix + ":crypto:market_data";
    /** BTC's partition of the quote stream (the default layout). */
    final String btcStream = io.tickstream.common.stream.Partitions.defaults().keyFor(marketData, "BTC");
    final String dashboard = prefix + ":crypto:dashboard";
    final String health = prefix + ":system:health";
    final String trades = prefix + ":crypto:trades";
    final String bars = prefix + ":crypto:bars";
    final String schema = TestKeys.sqlName("e2e");
    final int ingestPort = freePort();
    final int backupPort = freePort();
    final int queryPort = freePort();
    final int pushPort = freePort();
    final int gatewayPort = freePort();
    final int gatewayManagementPort = freePort();
    final int ingestManagementPort = freePort();
    final int backupManagementPort = freePort();
    final int queryManagementPort = freePort();
    final int pushManagementPort = freePort();
    /** The admin key of every service of the suite ({@code TICKSTREAM_ADMIN_APIKEY}), for {@code X-Admin-Key}. */
    static final String ADMIN_KEY = "e2e-admin-key";
    /** The suite's admin token secret ({@code TICKSTREAM_ADMIN_JWTSECRET}): HS256 admin tokens with {@code exp}. */
    static final String ADMIN_JWT_SECRET = "e2e-admin-token-secret-of-32-bytes-or-more";
    final ServiceProcess ingest;
    final ServiceProcess backup;
    final ServiceProcess query;
    final ServiceProcess push;
    final ServiceProcess gateway;
    final TraceReceiver traces = TraceReceiver.start();

    private Suite() {
        Endpoint redis = TestRedis.endpoint();
        TestPostgres.Settings pg = TestPostgres.settings();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("REDIS_HOST", redis.host());
        common.put("REDIS_PORT", Integer.toString(redis.port()));
        common.put("POSTGRES_HOST", pg.endpoint().host());
        common.put("POSTGRES_PORT", Integer.toString(pg.endpoint().port()));
        common.put("POSTGRES_DB", pg.database());
        common.put("POSTGRES_USER", pg.user());
        common.put("POSTGRES_PASSWORD", pg.password());
        common.put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0");
        common.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", traces.endpoint());
        common.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY", "200ms");
        // every service checks the admin credentials itself (the gateway forwards them)
        common.put("TICKSTREAM_ADMIN_APIKEY", ADMIN_KEY);
        common.put("TICKSTREAM_ADMIN_JWTSECRET", ADMIN_JWT_SECRET);

        Map<String, String> ingestEnv = new LinkedHashMap<>(common);
        ingestEnv.put("PORT", Integer.toString(ingestPort));
        ingestEnv.put("MANAGEMENT_PORT", Integer.toString(ingestManagementPort));
        ingestEnv.put("SPRING_PROFILES_ACTIVE", "simulated");
        ingestEnv.put("TICKSTREAM_INGEST_SOURCES_SIMULATED_POLLINTERVAL", "500ms");
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM", marketData);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM", dashboard);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM", health);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_TRADESSTREAM", trades);
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_BARSSTREAM", bars);
        // two days of synthetic 1-minute history: charts and hourly indicators from the first minute, at a load
        // the suite's tests can share
        ingestEnv.put("TICKSTREAM_INGEST_BACKFILL_DEPTH", "2d");
        // the last day of every symbol first, then each symbol's older day, newest page first (both parts exercised)
        ingestEnv.put("TICKSTREAM_INGEST_BACKFILL_RECENTFIRST", "1d");
        ingestEnv.put("TICKSTREAM_INGEST_BACKFILL_KEYPREFIX", prefix + ":backfill:");
        ingestEnv.put("TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM", prefix + ":control");
        ingestEnv.put("TICKSTREAM_INGEST_LEASE_KEYPREFIX", prefix + ":lease:");
        ingest = new ServiceProcess("market-ingest-service", ingestEnv);

        Map<String, String> backupEnv = new LinkedHashMap<>(common);
        backupEnv.put("PORT", Integer.toString(backupPort));
        backupEnv.put("MANAGEMENT_PORT", Integer.toString(backupManagementPort));
        backupEnv.put("TICKSTREAM_BACKUP_SCHEMA_NAME", schema);
        backupEnv.put("TICKSTREAM_BACKUP_STREAMS_MARKETDATA", marketData);
        backupEnv.put("TICKSTREAM_BACKUP_STREAMS_DASHBOARD", dashboard);
        backupEnv.put("TICKSTREAM_BACKUP_STREAMS_HEALTH", health);
        backupEnv.put("TICKSTREAM_BACKUP_STREAMS_TRADES", trades);
        backupEnv.put("TICKSTREAM_BACKUP_STREAMS_BARS", bars);
        backup = new ServiceProcess("stream-backup-service", backupEnv);

        Map<String, String> queryEnv = new LinkedHashMap<>(common);
        queryEnv.put("PORT", Integer.toString(queryPort));
        queryEnv.put("MANAGEMENT_PORT", Integer.toString(queryManagementPort));
        queryEnv.put("POSTGRES_SCHEMA", schema);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_MARKETDATA", marketData);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_DASHBOARD", dashboard);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_HEALTH", health);
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_CONTROL", prefix + ":control");
        queryEnv.put("TICKSTREAM_QUERY_STREAMS_STATEKEYPREFIX", prefix + ":query:state");
        query = new ServiceProcess("market-query-service", queryEnv);

        Map<String, String> pushEnv = new LinkedHashMap<>(common);
        pushEnv.put("PORT", Integer.toString(pushPort));
        pushEnv.put("MANAGEMENT_PORT", Integer.toString(pushManagementPort));
        pushEnv.put("TICKSTREAM_PUSH_STREAMS_MARKETDATA", marketData);
        pushEnv.put("TICKSTREAM_PUSH_STREAMS_DASHBOARD", dashboard);
        pushEnv.put("TICKSTREAM_PUSH_STREAMS_HEALTH", health);
        pushEnv.put("TICKSTREAM_PUSH_STREAMS_TRADES", trades);
        pushEnv.put("TICKSTREAM_PUSH_STREAMS_EPOCHKEY", prefix + ":push:epoch");
        push = new ServiceProcess("websocket-push-service", pushEnv);

        Map<String, String> gatewayEnv = new LinkedHashMap<>(common);
        gatewayEnv.put("PORT", Integer.toString(gatewayPort));
        gatewayEnv.put("MANAGEMENT_PORT", Integer.toString(gatewayManagementPort));
        gatewayEnv.put("INGEST_URI", "http://127.0.0.1:" + ingestPort);
        gatewayEnv.put("QUERY_URI", "http://127.0.0.1:" + queryPort);
        gatewayEnv.put("PUSH_URI", "http://127.0.0.1:" + pushPort);
        gatewayEnv.put("BACKUP_URI", "http://127.0.0.1:" + backupPort);
        gatewayEnv.put("INGEST_MANAGEMENT_URI", "http://127.0.0.1:" + ingestManagementPort);
        gatewayEnv.put("QUERY_MANAGEMENT_URI", "http://127.0.0.1:" + queryManagementPort);
        gatewayEnv.put("PUSH_MANAGEMENT_URI", "http://127.0.0.1:" + pushManagementPort);
        gatewayEnv.put("BACKUP_MANAGEMENT_URI", "http://127.0.0.1:" + backupManagementPort);
        gatewayEnv.put("TICKSTREAM_GATEWAY_FALLBACK_MARKETDATASTREAM", marketData);
        gatewayEnv.put("TICKSTREAM_GATEWAY_RATELIMIT_KEYPREFIX", prefix + ":rl:");
        gatewayEnv.put("TICKSTREAM_GATEWAY_RATELIMIT_REPLENISHRATE", "500");
        gatewayEnv.put("TICKSTREAM_GATEWAY_RATELIMIT_BURSTCAPACITY", "1000");
        gateway = new ServiceProcess("gateway", gatewayEnv);
    }

    /** The running suite, started on first use. */
    static synchronized Suite get() {
        if (instance == null) {
            Suite suite = new Suite();
            Runtime.getRuntime().addShutdownHook(new Thread(suite::stop));
            suite.start();
            instance = suite;
        }
        return instance;
    }

    private void start() {
        Duration ready = Duration.ofSeconds(120);
        // the backup service first: its Flyway migration creates the schema the query service reads
        backup.start();
        backup.awaitReady(readiness(backupManagementPort), ready);
        ingest.start();
        ingestStartedAt = System.currentTimeMillis();
        query.start();
        history = HistoryWatch.start("http://127.0.0.1:" + queryPort, ingestStartedAt, Duration.ofMinutes(5));
        push.start();
        gateway.start();
        ingest.awaitReady(readiness(ingestManagementPort), ready);
        query.awaitReady(readiness(queryManagementPort), ready);
        push.awaitReady(readiness(pushManagementPort), ready);
        gateway.awaitReady(readiness(gatewayManagementPort), ready);
    }

    private void stop() {
        gateway.stop();
        push.stop();
        query.stop();
        backup.stop();
        ingest.stop();
        traces.stop();
        SuiteCleanup.run(this);
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** The readiness group on a service's management port. */
    static String readiness(int port) {
        return "http://127.0.0.1:" + port + "/actuator/health/readiness";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
