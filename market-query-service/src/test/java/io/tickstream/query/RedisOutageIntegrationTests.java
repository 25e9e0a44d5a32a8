package io.tickstream.query;

import io.tickstream.testkit.TcpProxy;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops answering mid-test (a TCP proxy in front of the shared server is cut; the server itself
 * is never stopped): quotes, cached history, cold history from PostgreSQL, the dashboard and movers
 * still answer, flagged as possibly stale; health says DEGRADED; all is well again once Redis is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageIntegrationTests {

    final QueryTestSettings settings = new QueryTestSettings();
    TestStreams streams;
    TcpProxy proxy;
    QueryInstance service;
    WebTestClient client;

    @BeforeAll
    void start() throws Exception {
        settings.createSchema();
        settings.sql("INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id) "
                + "VALUES ('q1', 'BTC', 'USD', 'consensus', 100, '2026-11-01T10:00:00Z', now(), 1, 'tp', '1-0')");
        settings.rollUp();
        streams = new TestStreams(settings);
        proxy = new TcpProxy(TestRedis.endpoint().host(), TestRedis.endpoint().port());
        streams.append(QueryFixtures.consensus("BTC", "67010", "67000", "67030", 3, System.currentTimeMillis()));
        streams.append(QueryFixtures.summary("2400000000000", "54.2", 71, System.currentTimeMillis()));
        Map<String, Object> properties = settings.properties("127.0.0.1", proxy.port());
        properties.put("tickstream.query.quotes.refresh-wait", "1s");
        service = new QueryInstance(properties);
        client = service.client();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/api/v1/quotes/BTC").exchange()
                .expectStatus().isOk());
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (streams != null) {
            streams.close();
        }
        settings.dropSchema();
    }

    @Test
    void answersContinueWithoutRedisAndSayTheyMayBeStale() throws Exception {
        String cached = "/api/v1/quotes/BTC/candles?interval=1h&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";
        client.get().uri(cached).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "COMPUTED");
        client.get().uri("/api/v1/quotes/BTC").exchange().expectHeader().valueEquals("X-Data-Stale", "false")
                .expectBody().jsonPath("$.stale").isEqualTo(false);

        proxy.cut();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> service.actuator().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.cache.status").isEqualTo("DEGRADED"));
        client.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Data-Stale", "true")
                .expectBody().jsonPath("$.price").isEqualTo("67010").jsonPath("$.stale").isEqualTo(true);
        client.get().uri(cached).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Cache", "L1").expectHeader().valueEquals("X-Data-Stale", "true");
        long started = System.nanoTime();
        client.get().uri("/api/v1/quotes/BTC/candles?interval=1m&from=2026-11-01T10:00:00Z&to=2026-11-01T11:00:00Z")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Cache", "COMPUTED")
                .expectBody().jsonPath("$.candles[0].close").isEqualTo("100");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        client.get().uri("/api/v1/dashboard").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.stale").isEqualTo(true).jsonPath("$.btcDominancePct").isEqualTo("54.2");
        client.get().uri("/api/v1/movers").exchange().expectStatus().isOk();
        client.get().uri("/api/v1/quotes").exchange().expectStatus().isOk();
        client.get().uri("/api/crypto/dashboard-summary/refresh").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Refresh", "unavailable");
        client.get().uri("/admin/cache/stats").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.l2.available").isEqualTo(false);

        proxy.restore();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> service.actuator().get().uri("/actuator/health").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("UP"));
        streams.append(QueryFixtures.consensus("BTC", "67500", "67400", "67600", 3, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> client.get().uri("/api/v1/quotes/BTC").exchange()
                .expectHeader().valueEquals("X-Data-Stale", "false")
                .expectBody().jsonPath("$.price").isEqualTo("67500").jsonPath("$.stale").isEqualTo(false));
    }
}
