package io.tickstream.backup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service as deployed: migrations at start, partitions ahead, archiving, readiness, metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BackupApplicationIntegrationTests {

    static final String SCHEMA = TestKeys.sqlName("backup_app");
    static final String MARKET_DATA = TestKeys.unique("crypto:market_data");
    static final String DASHBOARD = TestKeys.unique("crypto:dashboard");
    static final String HEALTH = TestKeys.unique("system:health");
    static final String TRADES = TestKeys.unique("crypto:trades");
    /** The default layout, as deployed: the quotes of the fixtures (BTC) are in BTC's partition. */
    static final Partitions LAYOUT = Partitions.defaults();
    static final String BTC_PARTITION = LAYOUT.keyFor(MARKET_DATA, "BTC");
    static final String BTC_TRADES = LAYOUT.keyFor(TRADES, "BTC");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestRedis.register(registry);
        TestPostgres.register(registry);
        registry.add("tickstream.backup.schema.name", () -> SCHEMA);
        registry.add("tickstream.backup.streams.market-data", () -> MARKET_DATA);
        registry.add("tickstream.backup.streams.dashboard", () -> DASHBOARD);
        registry.add("tickstream.backup.streams.health", () -> HEALTH);
        registry.add("tickstream.backup.streams.trades", () -> TRADES);
        registry.add("tickstream.backup.archive.consumer-name", () -> "app-test");
        registry.add("tickstream.backup.trim.interval", () -> "300ms");
        registry.add("tickstream.admin.api-key", () -> ADMIN_KEY);
    }

    static final String ADMIN_KEY = "backup-test-admin-key";

    @Autowired
    WebTestClient web;

    @LocalManagementPort
    int managementPort;

    /** The actuator, on the management port (the service port has none). */
    private WebTestClient actuator() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    private WebTestClient admin() {
        return web.mutate().defaultHeader("X-Admin-Key", ADMIN_KEY).build();
    }

    @AfterAll
    static void dropSchemaAndStreams() throws Exception {
        RedisClient client = RedisClient.create(TestRedis.endpoint().redisUri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            java.util.List<String> streams = new java.util.ArrayList<>(StreamKeys.dataStreams(LAYOUT, MARKET_DATA, DASHBOARD, HEALTH));
            streams.addAll(LAYOUT.keys(TRADES));
            for (String s : streams) {
                c.sync().del(s, StreamKeys.deadLetter(s));
            }
        } finally {
            client.shutdown();
        }
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void migratesArchivesAndReportsReady() throws Exception {
        RedisClient client = RedisClient.create(TestRedis.endpoint().redisUri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (int i = 0; i < 50; i++) {
                c.sync().xadd(BTC_PARTITION, StreamEntryCodec.encode(BackupFixtures.quote(i)));
            }
            c.sync().xadd(DASHBOARD, StreamEntryCodec.encode(BackupFixtures.summary(1)));
            c.sync().xadd(HEALTH, StreamEntryCodec.encode(BackupFixtures.health(1)));
            for (int i = 0; i < 20; i++) {
                c.sync().xadd(BTC_TRADES, StreamEntryCodec.encode(BackupFixtures.trade(i)));
            }
        } finally {
            client.shutdown();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM " + SCHEMA + ".market_quotes")).isEqualTo(50);
            assertThat(count("SELECT count(*) FROM " + SCHEMA + ".market_summaries")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM " + SCHEMA + ".source_health")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM " + SCHEMA + ".market_trades")).isEqualTo(20);
        });
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        for (int ahead = 0; ahead <= 2; ahead++) {
            YearMonth m = month.plusMonths(ahead);
            for (String table : java.util.List.of("market_quotes", "market_trades")) {
                assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = '" + SCHEMA + "' AND tablename = '"
                        + "%s_p%04d_%02d".formatted(table, m.getYear(), m.getMonthValue()) + "'")).as(table + " " + m).isEqualTo(1);
            }
        }
        assertThat(count("SELECT count(*) FROM " + SCHEMA + ".market_quotes_default")).isZero();
        assertThat(count("SELECT count(*) FROM " + SCHEMA + ".market_trades_default")).isZero();

        actuator().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> actuator().get().uri("/actuator/health/archive").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.details['" + BTC_PARTITION + "'].unarchived").isEqualTo(0)
                .jsonPath("$.details['" + BTC_PARTITION + "'].pending").isEqualTo(0)
                .jsonPath("$.details['" + BTC_TRADES + "'].unarchived").isEqualTo(0)
                .jsonPath("$.details['" + LAYOUT.key(MARKET_DATA, (LAYOUT.of("BTC") + 1) % LAYOUT.count()) + "'].length")
                .isEqualTo(0));
        String prometheus = actuator().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus)
                .contains("tickstream_backup_lag{", "stream=\"" + BTC_PARTITION + "\"")
                .contains("tickstream_backup_oldest_pending_age_seconds{")
                .contains("tickstream_backup_batch_size_count{")
                .contains("tickstream_backup_batch_latency_seconds_count{")
                .contains("tickstream_backup_rows_written_total{")
                .contains("tickstream_backup_duplicates_skipped_total{");
        assertThat(prometheus).containsPattern("tickstream_backup_rows_written_total\\{[^}]*table=\"" + SCHEMA
                + ".market_quotes\"[^}]*} 50.0");
    }

    @Test
    void replayIsAnAdminEndpointWithProgressAndProblemDetails() {
        web.post().uri("/admin/replay").bodyValue(java.util.Map.of("from", "2000-01-01T00:00:00Z", "to", "2000-01-02T00:00:00Z"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        WebTestClient web = admin();
        web.post().uri("/admin/replay").bodyValue(java.util.Map.of("from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").isEqualTo("'from' must be before 'to'");

        String location = web.post().uri("/admin/replay")
                .bodyValue(java.util.Map.of("from", "2000-01-01T00:00:00Z", "to", "2000-01-02T00:00:00Z", "symbol", "BTC"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.id").isNotEmpty()
                .returnResult().getResponseHeaders().getLocation().toString();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> web.get().uri(location).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("COMPLETED").jsonPath("$.total").isEqualTo(0));
        web.get().uri("/admin/replay/nope").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static long count(String sql) throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
