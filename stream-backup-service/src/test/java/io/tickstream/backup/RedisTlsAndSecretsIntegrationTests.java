package io.tickstream.backup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backup service on a Redis that speaks only TLS and knows only an ACL user with a password, configured
 * by {@code spring.data.redis.ssl.*}, {@code username} and {@code password} alone: it archives (so its stream
 * loops honour TLS and ACL as its health check does), and with every credential set (Redis password, admin
 * key, admin token secret) none of them, nor a token presented to it, ever appears in its log output.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisTlsAndSecretsIntegrationTests {

    private static final String REDIS_USER = "backup-tls";
    private static final String REDIS_PASSWORD = "redis-pw-" + TestKeys.unique("p").replace(':', '-');
    private static final String ADMIN_KEY = "admin-key-" + TestKeys.unique("k").replace(':', '-');
    private static final String JWT_SECRET = "jwt-secret-of-at-least-32-bytes-" + TestKeys.unique("s").replace(':', '-');
    private static Path dir;
    private static Process redis;
    private static int tlsPort;

    @BeforeAll
    static void startTlsOnlyRedis() throws Exception {
        dir = Files.createTempDirectory("tickstream-redis-tls");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()));
        try (ServerSocket socket = new ServerSocket(0)) {
            tlsPort = socket.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(tlsPort), "--bind", "127.0.0.1",
                "--tls-cert-file", dir.resolve("cert.pem").toString(), "--tls-key-file", dir.resolve("key.pem").toString(),
                "--tls-ca-cert-file", dir.resolve("cert.pem").toString(), "--tls-auth-clients", "no",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--user", "default", "off", "--user", REDIS_USER, "on", ">" + REDIS_PASSWORD, "~*", "&*", "+@all")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await("TLS Redis listening").atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", tlsPort), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void archivesFromATlsOnlyAclRedisAndNoCredentialEverReachesTheLog(CapturedOutput output) throws Exception {
        String schema = TestKeys.sqlName("backup_tls");
        String marketData = TestKeys.unique("tls:crypto:market_data");
        Partitions layout = Partitions.defaults();
        TestPostgres.Settings pg = TestPostgres.settings();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("management.server.port", "0");
        settings.put("spring.data.redis.host", "127.0.0.1");
        settings.put("spring.data.redis.port", Integer.toString(tlsPort));
        settings.put("spring.data.redis.username", REDIS_USER);
        settings.put("spring.data.redis.password", REDIS_PASSWORD);
        settings.put("spring.data.redis.ssl.enabled", "true");
        settings.put("spring.data.redis.ssl.bundle", "redis");
        settings.put("spring.ssl.bundle.pem.redis.truststore.certificate", "file:" + dir.resolve("cert.pem"));
        settings.put("spring.r2dbc.url", pg.r2dbcUrl());
        settings.put("spring.r2dbc.username", pg.user());
        settings.put("spring.r2dbc.password", pg.password());
        settings.put("spring.flyway.url", pg.jdbcUrl());
        settings.put("spring.flyway.user", pg.user());
        settings.put("spring.flyway.password", pg.password());
        settings.put("tickstream.backup.schema.name", schema);
        settings.put("tickstream.backup.streams.market-data", marketData);
        settings.put("tickstream.backup.streams.dashboard", TestKeys.unique("tls:crypto:dashboard"));
        settings.put("tickstream.backup.streams.health", TestKeys.unique("tls:system:health"));
        settings.put("tickstream.admin.api-key", ADMIN_KEY);
        settings.put("tickstream.admin.jwt-secret", JWT_SECRET);
        // every request and Lettuce's connection work at the most talkative level a support engineer would set
        settings.put("logging.level.org.springframework.web", "DEBUG");
        settings.put("logging.level.io.tickstream", "DEBUG");
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);

        String presentedToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzcyJ9.c2lnbmF0dXJlLW9mLWEtZ3Vlc3M";
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BackupApplication.class).run(args)) {
            RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(tlsPort).withSsl(true).withVerifyPeer(false)
                    .withAuthentication(REDIS_USER, REDIS_PASSWORD).build();
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (int i = 0; i < 5; i++) {
                    c.sync().xadd(layout.keyFor(marketData, "BTC"), StreamEntryCodec.encode(BackupFixtures.quote(i)));
                }
            } finally {
                client.shutdown();
            }
            await("archived through the TLS, ACL connection").atMost(Duration.ofSeconds(20))
                    .until(() -> count("SELECT count(*) FROM " + schema + ".market_quotes") == 5);

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            int managementPort = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
            WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
            http.get().uri("/admin/replay/nope").header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isNotFound();
            http.get().uri("/admin/replay/nope").header("X-Admin-Key", ADMIN_KEY + "-guess").exchange().expectStatus().isUnauthorized();
            http.get().uri("/admin/replay/nope").header("Authorization", "Bearer " + presentedToken).exchange()
                    .expectStatus().isUnauthorized();
            WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                    .get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.components.redis.status").isEqualTo("UP");
        } finally {
            dropSchema(schema); // the streams live on this test's own Redis, which ends with it
        }

        String log = output.getAll();
        assertThat(log).as("the service logged at all").contains("Netty started on port").contains("refused");
        assertThat(log).doesNotContain(REDIS_PASSWORD).doesNotContain(ADMIN_KEY).doesNotContain(JWT_SECRET)
                .doesNotContain(presentedToken);
        if (!pg.password().isEmpty()) {
            assertThat(log).doesNotContain(pg.password());
        }
    }

    private static long count(String sql) throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // the schema is not there yet
        }
    }

    private static void dropSchema(String schema) throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl: " + Files.readString(dir.resolve("openssl.log"))).isZero();
    }
}
