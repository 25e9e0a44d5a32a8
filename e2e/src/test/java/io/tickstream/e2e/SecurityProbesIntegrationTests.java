package io.tickstream.e2e;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault scenario 9: probes of the actuator and admin endpoints from outside, against the whole suite as
 * processes. The gateway's actuator endpoint ({@code /actuator/gateway/routes}, a route POST) and
 * {@code /actuator/env} answer nothing on either port; no service serves actuator on its service port; every
 * service's {@code /admin/**} refuses a caller without credentials (401 problem) on its own port and through
 * the gateway, and nothing changed (no refresh command, no replay, the routes as before). With credentials the
 * same calls work, directly and through the gateway. Afterwards no service's log holds the admin key, the token
 * secret or a token presented to it.
 */
class SecurityProbesIntegrationTests {

    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.get();
    }

    @Test
    void actuatorAndAdminProbesFromOutsideAreRefusedAndChangeNothing() throws IOException {
        WebTestClient gateway = client(suite.gatewayUrl());
        WebTestClient gatewayManagement = client("http://127.0.0.1:" + suite.gatewayManagementPort);
        String forged = "{\"id\":\"pwn\",\"predicates\":[{\"name\":\"Path\",\"args\":{\"_genkey_0\":\"/pwn/**\"}}],"
                + "\"filters\":[],\"uri\":\"http://127.0.0.1:1\"}";

        // the gateway's actuator endpoint and env: closed on both of the gateway's ports, a route POST changes nothing
        for (WebTestClient http : List.of(gateway, gatewayManagement)) {
            http.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
            http.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
            http.post().uri("/actuator/gateway/routes/pwn").contentType(MediaType.APPLICATION_JSON).bodyValue(forged)
                    .exchange().expectStatus().value(status -> assertThat(status).isIn(404, 405));
            http.post().uri("/actuator/gateway/refresh").exchange().expectStatus().value(status -> assertThat(status).isIn(404, 405));
        }
        gateway.get().uri("/pwn/anything").exchange().expectStatus().isNotFound();
        gateway.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().value(status -> assertThat(status).isIn(200, 404));

        Map<String, int[]> services = Map.of(
                "market-ingest-service", new int[]{suite.ingestPort, suite.ingestManagementPort},
                "stream-backup-service", new int[]{suite.backupPort, suite.backupManagementPort},
                "market-query-service", new int[]{suite.queryPort, suite.queryManagementPort},
                "websocket-push-service", new int[]{suite.pushPort, suite.pushManagementPort});
        services.forEach((name, ports) -> {
            WebTestClient service = client("http://127.0.0.1:" + ports[0]);
            WebTestClient management = client("http://127.0.0.1:" + ports[1]);
            for (String path : List.of("/actuator", "/actuator/health", "/actuator/env", "/actuator/prometheus")) {
                service.get().uri(path).exchange().expectStatus().value(status ->
                        assertThat(status).as("%s %s on its service port", name, path).isIn(401, 404));
            }
            management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
            management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        });

        long controlBefore = controlLength();
        // every admin endpoint, without credentials, with a guessed key, with a token signed by someone else
        String foreignToken = token("a-secret-that-is-not-the-suites-own-32b", Instant.now().plusSeconds(300));
        List<AdminCall> calls = List.of(
                new AdminCall(HttpMethod.POST, suite.ingestPort, "ingest", "/admin/refresh", null),
                new AdminCall(HttpMethod.GET, suite.ingestPort, "ingest", "/admin/sources", null),
                new AdminCall(HttpMethod.POST, suite.backupPort, "backup", "/admin/replay",
                        "{\"from\":\"2000-01-01T00:00:00Z\",\"to\":\"2000-01-02T00:00:00Z\"}"),
                new AdminCall(HttpMethod.GET, suite.backupPort, "backup", "/admin/replay/x", null),
                new AdminCall(HttpMethod.POST, suite.queryPort, "query", "/admin/cache/clear?pattern=quotes:*", null),
                new AdminCall(HttpMethod.GET, suite.queryPort, "query", "/admin/cache/stats", null),
                new AdminCall(HttpMethod.POST, suite.queryPort, "query", "/admin/reports?kind=1d&date=2026-11-01", null),
                new AdminCall(HttpMethod.GET, suite.pushPort, "push", "/admin/anything", null));
        for (AdminCall call : calls) {
            for (Map.Entry<String, String> credential : List.of(Map.entry("X-None", ""), Map.entry("X-Admin-Key", "guess"),
                    Map.entry("Authorization", "Bearer " + foreignToken))) {
                for (String base : List.of("http://127.0.0.1:" + call.port(), suite.gatewayUrl() + "/admin/" + call.service())) {
                    String path = base.endsWith(call.service()) ? call.path().substring("/admin".length()) : call.path();
                    call.send(client(base), path, credential.getKey(), credential.getValue())
                            .expectStatus().isUnauthorized()
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
                }
            }
        }
        assertThat(controlLength()).as("no refresh command was sent").isEqualTo(controlBefore);

        // with the suite's credentials the same endpoints answer, on the service's port and through the gateway
        String token = token(Suite.ADMIN_JWT_SECRET, Instant.now().plusSeconds(300));
        client("http://127.0.0.1:" + suite.ingestPort).get().uri("/admin/sources").header("X-Admin-Key", Suite.ADMIN_KEY)
                .exchange().expectStatus().isOk();
        gateway.get().uri("/admin/query/cache/stats").header("Authorization", "Bearer " + token).exchange().expectStatus().isOk();
        client("http://127.0.0.1:" + suite.backupPort).get().uri("/admin/replay/none").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isNotFound();
        String expired = token(Suite.ADMIN_JWT_SECRET, Instant.now().minusSeconds(600));
        gateway.get().uri("/admin/query/cache/stats").header("Authorization", "Bearer " + expired).exchange().expectStatus().isUnauthorized();

        // no credential, nor a token presented, in any service's log
        for (String log : List.of("gateway", "market-ingest-service", "stream-backup-service", "market-query-service",
                "websocket-push-service")) {
            Path file = Path.of("").toAbsolutePath().resolve(Path.of("").toAbsolutePath().getFileName().toString().equals("e2e")
                    ? "target/e2e-logs/" + log + ".log" : "e2e/target/e2e-logs/" + log + ".log");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as(log + " log").isNotEmpty()
                    .doesNotContain(Suite.ADMIN_KEY).doesNotContain(Suite.ADMIN_JWT_SECRET)
                    .doesNotContain(token).doesNotContain(foreignToken).doesNotContain(expired);
        }
    }

    private static long controlLength() {
        RedisClient client = RedisClient.create(TestRedis.endpoint().redisUri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().xlen(suite.prefix + ":control");
        } finally {
            client.shutdown();
        }
    }

    private static String token(String secret, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().subject("ops").expirationTime(Date.from(expires)).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebTestClient client(String base) {
        return WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(10)).build();
    }

    /** One admin endpoint of a service: its method, port, gateway route name, path and body. */
    private record AdminCall(HttpMethod method, int port, String service, String path, String body) {

        WebTestClient.ResponseSpec send(WebTestClient http, String path, String header, String value) {
            WebTestClient.RequestBodySpec request = http.method(method).uri(path);
            if (!value.isEmpty()) {
                request.header(header, value);
            }
            return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        }
    }
}
