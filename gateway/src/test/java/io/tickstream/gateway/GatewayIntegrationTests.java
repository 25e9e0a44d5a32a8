package io.tickstream.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway against a stub upstream and the real local Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTests {

    static final String JWT_SECRET = "a-test-secret-that-is-at-least-32-bytes-long";
    static final String ADMIN_KEY = "test-admin-key";
    private static final StubUpstream upstream = new StubUpstream();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY_PREFIX = TestKeys.unique("gw-rl") + ":";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestRedis.register(registry);
        registry.add("management.server.port", () -> "0");
        registry.add("tickstream.gateway.query-uri", upstream::url);
        registry.add("tickstream.gateway.push-uri", upstream::url);
        registry.add("tickstream.gateway.ingest-uri", upstream::url);
        registry.add("tickstream.gateway.backup-uri", upstream::url);
        registry.add("tickstream.gateway.rate-limit.key-prefix", () -> KEY_PREFIX);
        registry.add("tickstream.gateway.rate-limit.replenish-rate", () -> "1");
        registry.add("tickstream.gateway.rate-limit.burst-capacity", () -> "3");
        registry.add("tickstream.admin.jwt-secret", () -> JWT_SECRET);
        registry.add("tickstream.admin.api-key", () -> ADMIN_KEY);
        registry.add("tickstream.gateway.api-keys.key-prefix", () -> KEY_PREFIX + "{apikeys}:");
        registry.add("tickstream.gateway.api-keys.plans.test.replenish-rate", () -> "1");
        registry.add("tickstream.gateway.api-keys.plans.test.burst-capacity", () -> "3");
        registry.add("tickstream.gateway.security.cors-allowed-origins", () -> "https://app.example.com");
        registry.add("tickstream.gateway.limits.max-body-size", () -> "64KB");
        registry.add("tickstream.gateway.api.timeout", () -> "2s");
    }

    @LocalServerPort
    private int port;
    private WebTestClient http;

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void routesApiCallsWithRateLimitAndSecurityHeaders() {
        http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", newKey()).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Limit", "3")
                .expectHeader().valueEquals("X-RateLimit-Remaining", "2")
                .expectHeader().exists("Content-Security-Policy")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectBody(String.class).isEqualTo(StubUpstream.BTC);
    }

    @Test
    void routesReportPagesToTheQueryServiceWithRateLimitAndSecurityHeaders() {
        http.get().uri("/reports/42.pdf").header("X-API-Key", newKey()).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", "2")
                .expectHeader().exists("Content-Security-Policy")
                .expectBody(String.class).isEqualTo("<p>report /reports/42.pdf</p>");
    }

    @Test
    void aGetAnswered503IsRetriedAndTheClientSeesTheSecondAnswer() {
        int before = upstream.requests();
        http.get().uri("/api/v1/flaky/" + UUID.randomUUID()).header("X-API-Key", newKey()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.flaky").isEqualTo("ok");
        assertThat(upstream.requests() - before).isEqualTo(2);
    }

    @Test
    void anUpstreamThatDoesNotAnswerIsCutOffAtTheRouteTimeLimit() {
        long start = System.nanoTime();
        http.get().uri("/api/v1/silent").header("X-API-Key", newKey()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("no answer within 2000 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
    }

    @Test
    void upstreamConnectionsAreBoundedByTheConnectTimeoutOnTheSharedClient(@Autowired HttpClient client) {
        assertThat(client.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)).isEqualTo(2000);
    }

    @Test
    void aBurstBeyondTheBucketGets429WithRetryAfter() {
        String key = newKey();
        EntityExchangeResult<byte[]> refused = burstUntilRefused(key);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(refused.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.getResponseHeaders().getContentType()).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(new String(refused.getResponseBody(), StandardCharsets.UTF_8)).contains("\"status\":429");
        // another client has its own bucket
        http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", newKey()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void aClientJustRefusedIsRefusedAgainWithoutAskingRedis(@Autowired ReactiveStringRedisTemplate redis) {
        String key = newKey();
        burstUntilRefused(key);
        // a full bucket in Redis would let the next request through: the refusal it gets is the gateway's own
        redis.delete(redis.keys(KEY_PREFIX + "key:*")).block();
        http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().valueEquals("X-RateLimit-Remaining", "0")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aForgedForwardedForDoesNotChooseTheBucket() {
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/v1/other").header("X-Forwarded-For", "10.0.0." + i).exchange();
        }
        http.get().uri("/api/v1/other").header("X-Forwarded-For", "10.9.9.9").exchange()
                .expectStatus().isEqualTo(429);
    }

    @Test
    void proxiesWebSocketFrames() {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-API-Key", newKey());
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/ws"), headers,
                        session -> session.send(Flux.just("hello", "world").map(session::textMessage))
                                .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(2)
                                        .doOnNext(received::add))
                                .then())
                .block(Duration.ofSeconds(10));
        assertThat(received).containsExactly("echo:hello", "echo:world");
    }

    @Test
    void proxiesWebSocketFramesWhenTheClientOffersCompressionAsBrowsersDo() {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpHeaders headers = new HttpHeaders();
        headers.set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
        headers.set("Origin", "http://127.0.0.1:" + port);
        headers.set("X-API-Key", newKey());
        // sent again every 500 ms until the echo: under load a frame sent before the gateway's upstream
        // leg is connected was once lost (open in issue 6; the dashboard's watchdog handles it the same way)
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/ws"), headers,
                        session -> Mono.firstWithSignal(
                                session.receive().map(WebSocketMessage::getPayloadAsText).take(1)
                                        .doOnNext(received::add).then(),
                                session.send(Flux.interval(Duration.ZERO, Duration.ofMillis(500)).take(16)
                                        .map(i -> session.textMessage("browser"))).then(Mono.never())))
                .block(Duration.ofSeconds(10));
        assertThat(received).containsExactly("echo:browser");
    }

    @Test
    void pathsThatWouldNeedNormalizingAreRefusedWithAProblemOnTheDataPathToo() {
        for (String path : List.of("/api/v1/quotes/%2e%2e/%2e%2e/admin/replay", "/api//v1/quotes/BTC", "/api/v1/./quotes/BTC",
                "/admin/query/..%2Freplay")) {
            http.get().uri(URI.create("http://127.0.0.1:" + port + path)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("normalized"));
        }
    }

    @Test
    void adminRoutesNeedATokenOrTheAdminKey() {
        http.get().uri("/admin/ingest/sources").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/admin/ingest/sources").header("X-Admin-Key", "wrong").exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/admin/ingest/sources").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.admin").isEqualTo("/admin/sources");
        http.get().uri("/admin/backup/replay").headers(h -> h.setBearerAuth(token(Instant.now().plusSeconds(60))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.admin").isEqualTo("/admin/replay");
        http.get().uri("/admin/backup/replay").headers(h -> h.setBearerAuth(token(Instant.now().minusSeconds(60))))
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/admin/backup/replay").headers(h -> h.setBearerAuth("not.a.token")).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void upstreamsGetXForwardedForAndTheCallersTraceButNoHopByHopOrForwardedHeaders() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        JsonNode got = JSON.readTree(http.get().uri("/api/v1/headers").header("X-API-Key", newKey())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("Connection", "keep-alive, X-Hop-Secret").header("X-Hop-Secret", "not for the upstream")
                .header("Keep-Alive", "timeout=5").header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .header("Forwarded", "for=203.0.113.9").header("X-Custom", "kept")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());

        assertThat(got.path("traceparent").asString()).startsWith("00-" + traceId + "-");
        assertThat(got.path("x-forwarded-for").asString()).isEqualTo("127.0.0.1");
        assertThat(got.path("x-forwarded-proto").asString()).isEqualTo("http");
        assertThat(got.path("x-custom").asString()).isEqualTo("kept");
        assertThat(got.has("x-hop-secret")).as("named in Connection: hop-by-hop").isFalse();
        assertThat(got.has("keep-alive")).isFalse();
        assertThat(got.has("proxy-authorization")).isFalse();
        assertThat(got.has("forwarded")).as("only X-Forwarded-* is sent, built by the gateway").isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void everyRoutedRequestGetsAnAccessLogLine(CapturedOutput output) {
        String path = "/api/v1/quotes/BTC";
        http.get().uri(path).header("X-API-Key", newKey())
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .containsPattern(" ACCESS route=api method=GET path=" + path + " status=200 latencyMs=\\d+\\.\\d{3}"
                        + " trace=4bf92f3577b34da6a3ce929d0e0e4736\n"));
    }

    @Test
    void theDashboardsScriptsComeFromThisOriginTheSdkBundleAndLightweightCharts() {
        String page = http.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script type=\"module\" src=\"/app.js\">").doesNotContain("http://", "https://");
        String app = http.get().uri("/app.js").exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(app).contains("from '/sdk/tickstream-client.js'", "from '/vendor/lightweight-charts.mjs'");
        for (String script : new String[] {"/sdk/tickstream-client.js", "/vendor/lightweight-charts.mjs"}) {
            String body = http.get().uri(script).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith("text/javascript")
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).as(script).contains("export");
        }
    }

    @Test
    void serverRequestMetricsCarryTheRoute(@Autowired MeterRegistry meters) {
        http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", newKey()).exchange().expectStatus().isOk();
        http.get().uri("/").exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meters.find("http.server.requests").tag("route", "api").timer()).isNotNull();
            assertThat(meters.find("http.server.requests").tag("route", "none").timer()).as("the page: no route").isNotNull();
        });
    }

    @Test
    void anAdminGetAnswered502IsRetriedOnTheAdminRoute() {
        int before = upstream.requests();
        http.get().uri("/admin/backup/flaky/" + UUID.randomUUID()).header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.flaky").isEqualTo("ok");
        assertThat(upstream.requests() - before).isEqualTo(2);
    }

    @Test
    void oversizedBodiesAndHeadersAreRefused() {
        byte[] big = new byte[100 * 1024];
        http.post().uri("/api/v1/echo").header("X-API-Key", newKey()).bodyValue(big).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        Flux<org.springframework.core.io.buffer.DataBuffer> chunked = Flux.range(0, 10).map(i ->
                org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(new byte[10 * 1024]));
        http.post().uri("/api/v1/echo").header("X-API-Key", newKey())
                .body(chunked, org.springframework.core.io.buffer.DataBuffer.class).exchange()
                .expectStatus().isEqualTo(413);
        http.post().uri("/api/v1/echo").header("X-API-Key", newKey()).bodyValue("small").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.received").isEqualTo(5);
        http.get().uri("/api/v1/quotes/BTC").header("X-Huge", "x".repeat(20 * 1024)).exchange()
                .expectStatus().isEqualTo(431);
    }

    @Test
    void corsFollowsTheAllowlist() {
        http.options().uri("/api/v1/quotes/BTC").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        http.options().uri("/api/v1/quotes/BTC").header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET").exchange()
                .expectStatus().isForbidden();
    }

    static String token(Instant expiresAt) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().subject("operator").expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new API key of plan {@code test} (1/s, burst 3): a bucket of its own. */
    private String newKey() {
        return GatewayRunner.newKey(http, ADMIN_KEY, "test");
    }

    @SuppressWarnings("unused")
    private static Mono<Void> none() {
        return Mono.empty();
    }

    /**
     * Sends requests with {@code key} until one is refused: the bucket (3, refilled at 1/s) lets 3 pass
     * at once, plus at most one more per second the burst took (a loaded machine can be that slow).
     */
    private EntityExchangeResult<byte[]> burstUntilRefused(String key) {
        long started = System.nanoTime();
        int passed = 0;
        EntityExchangeResult<byte[]> result;
        while (true) {
            result = http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange()
                    .expectBody().returnResult();
            int status = result.getStatus().value();
            if (status == 429) {
                break;
            }
            assertThat(status).isEqualTo(200);
            passed++;
            assertThat(passed).as("requests let through before the first refusal").isLessThan(20);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(passed).isBetween(3, 3 + (int) seconds + 1);
        return result;
    }
}
