package io.tickstream.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances sharing one client's bucket in the real local Redis, each taking tokens ahead
 * ({@code prefetch} 4): the shared limit still holds across both, and most requests pass without a
 * Redis round trip.
 */
class RateLimitPrefetchIntegrationTests {

    private static final StubUpstream upstream = new StubUpstream();
    private static GatewayRunner first;
    private static GatewayRunner second;

    @BeforeAll
    static void start() {
        Map<String, String> settings = GatewayRunner.onLocalRedis(upstream.url(), "gw-rl-prefetch", Map.of(
                "tickstream.gateway.rate-limit.replenish-rate", "1",
                "tickstream.gateway.rate-limit.burst-capacity", "20",
                "tickstream.gateway.rate-limit.prefetch", "4",
                "tickstream.gateway.rate-limit.prefetch-for", "30s"));
        first = new GatewayRunner(settings);
        second = new GatewayRunner(settings);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        upstream.close();
    }

    @Test
    void theSharedLimitHoldsAcrossInstancesWhileMostRequestsSkipRedis() {
        String key = first.newKey();
        WebTestClient[] instances = {first.client(), second.client()};
        long redisCallsBefore = evalCalls(first) + evalCalls(second);
        long started = System.nanoTime();

        int allowed = 0;
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            int status = instances[i % 2].get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange()
                    .returnResult(String.class).getStatus().value();
            if (status == 200) {
                allowed++;
            } else {
                assertThat(status).isEqualTo(429);
                refused++;
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;

        assertThat(allowed).as("burst 20, plus at most 1 token per second of the test").isBetween(20, 20 + (int) seconds);
        assertThat(refused).isEqualTo(40 - allowed);
        assertThat(evalCalls(first) + evalCalls(second) - redisCallsBefore)
                .as("allowed requests took their tokens 4 at a time; refusals are remembered locally")
                .isBetween(5L, allowed / 2L + 4);
    }

    @Test
    void anAllowedRequestSaysWhatItsClientHasLeftFromThisInstancesView() {
        String key = first.newKey();
        WebTestClient http = first.client();

        http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", "19");
        http.get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", "18");
    }

    private static long evalCalls(GatewayRunner gateway) {
        return gateway.bean(MeterRegistry.class).find("lettuce").tag("db.operation", "EVALSHA").timers().stream()
                .mapToLong(Timer::count).sum()
                + gateway.bean(MeterRegistry.class).find("lettuce").tag("db.operation", "EVAL").timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
