package io.tickstream.ingest.health;

import io.tickstream.ingest.IngestTestSettings;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.fake.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code freshness} health component of a whole ingest service against the fake market APIs: a source
 * the fake stops answering turns it DEGRADED (HTTP 200, readiness untouched) within the source's
 * {@code max-age}, naming the source, and UP again once the source answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // its service would keep polling a closed fake after the class, loading the next tests
class FreshnessIntegrationTests {

    private static final Duration MAX_AGE = Duration.ofSeconds(3);
    private static final FakeMarketApis fake = FakeMarketApis.start().liveTimes();
    private static final IngestTestSettings settings = new IngestTestSettings();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        settings.properties(fake, "freshness-a").forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.ingest.sources.binance.max-age", () -> MAX_AGE.toMillis() + "ms");
    }

    @LocalManagementPort
    private int port;

    private WebTestClient http;

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void cleanUp() {
        try (RedisTemplates redis = new RedisTemplates()) {
            redis.template().delete(settings.keys()).block();
        }
        fake.close();
    }

    @Test
    void aStoppedSourceTurnsFreshnessDegradedWithinItsMaxAgeAndUpAfter() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(binance()).containsEntry("polledHere", true)
                .containsEntry("stale", false).containsEntry("mode", "polling"));
        assertThat(freshness().get("status")).isEqualTo("UP");

        fake.failNext("binance", 100_000, Fault.status(503));
        long stoppedAt = System.nanoTime();
        await().atMost(MAX_AGE.plusSeconds(3)).untilAsserted(() -> assertThat(freshness().get("status")).isEqualTo("DEGRADED"));
        Duration degradedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertThat(degradedAfter).as("not before the max-age passed").isGreaterThanOrEqualTo(MAX_AGE.minusMillis(500));
        assertThat(details().get("stale")).isEqualTo(List.of("binance"));
        assertThat(binance()).containsEntry("stale", true).containsEntry("state", "down");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DEGRADED");
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

        fake.clearFaults();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(freshness().get("status")).isEqualTo("UP"));
        assertThat(details().get("stale")).isEqualTo(List.of());
    }

    private Map<?, ?> freshness() {
        return http.get().uri("/actuator/health/freshness").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<?, ?> details() {
        return (Map<?, ?>) freshness().get("details");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> binance() {
        return (Map<String, Object>) ((Map<?, ?>) details().get("sources")).get("binance");
    }
}
