package io.tickstream.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limiter's documented choice when Redis cannot be reached, both ways. */
class GatewayRedisDownIntegrationTests {

    private static final StubUpstream upstream = new StubUpstream();

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void allowPolicyLetsRequestsThroughAndCountsThem() {
        try (GatewayRunner gateway = new GatewayRunner(settings("allow"))) {
            gateway.client().get().uri("/api/v1/quotes/BTC").exchange()
                    .expectStatus().isOk().expectBody(String.class).isEqualTo(StubUpstream.BTC);
            assertThat(gateway.bean(MeterRegistry.class).counter("tickstream.gateway.ratelimit.unavailable",
                    "policy", "allow").count()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void denyPolicyAnswers503WithRetryAfter() {
        try (GatewayRunner gateway = new GatewayRunner(settings("deny"))) {
            int before = upstream.requests();
            gateway.client().get().uri("/api/v1/quotes/BTC").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("the rate limiter is unavailable; retry shortly");
            assertThat(upstream.requests()).isEqualTo(before);
        }
    }

    private static Map<String, String> settings(String policy) {
        return Map.of(
                "spring.data.redis.host", "127.0.0.1",
                "spring.data.redis.port", "1", // nothing listens: Redis is "down"
                "tickstream.gateway.query-uri", upstream.url(),
                "tickstream.gateway.rate-limit.when-redis-down", policy);
    }
}
