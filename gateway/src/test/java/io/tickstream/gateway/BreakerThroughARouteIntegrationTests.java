package io.tickstream.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tickstream.gateway.guard.RouteGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenario 8 through a real route: the query service answering 5xx, then timing out. The breaker opens
 * within its documented minimum of 5 calls (upstream 5xx count as failures), the fallback then answers at once
 * without calling the upstream, and after {@code breaker-open-for} 2 trial calls go through (half-open) and close
 * it when the upstream is healthy again.
 */
class BreakerThroughARouteIntegrationTests {

    /** What the upstream does: answer 500, never answer, or answer 200. */
    enum Mode { FAIL, SILENT, OK }

    private static final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private static final AtomicInteger calls = new AtomicInteger();
    private static DisposableServer upstream;
    private static GatewayRunner gateway;

    @BeforeAll
    static void start() {
        upstream = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/api/v1/dashboard", (req, res) -> {
                    calls.incrementAndGet();
                    return switch (mode.get()) {
                        case FAIL -> res.status(500).header("Content-Type", "application/json").sendString(Mono.just("{\"boom\":true}"));
                        case SILENT -> res.sendString(Mono.never());
                        case OK -> res.header("Content-Type", "application/json").sendString(Mono.just("{\"ok\":true}"));
                    };
                }))
                .bindNow();
        gateway = new GatewayRunner(GatewayRunner.onLocalRedis("http://127.0.0.1:" + upstream.port(), "gw-breaker", Map.of(
                "tickstream.gateway.api.retries", "0",
                "tickstream.gateway.api.timeout", "500ms",
                "tickstream.gateway.api.breaker-open-for", "2s")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.disposeNow();
    }

    @Test
    void upstream5xxAndTimeoutsOpenTheBreakerTheFallbackAnswersAtOnceAndItClosesAfterTheWait() {
        WebTestClient http = gateway.client();
        CircuitBreaker breaker = gateway.bean(RouteGuard.class).breaker();
        breaker.reset();
        calls.set(0);

        // 5 failures (three 500s, two time-outs) reach the upstream: its minimum number of calls, all failed
        mode.set(Mode.FAIL);
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/v1/dashboard").exchange().expectStatus().is5xxServerError();
        }
        mode.set(Mode.SILENT);
        for (int i = 0; i < 2; i++) {
            http.get().uri("/api/v1/dashboard").exchange().expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(calls).hasValue(5);
        assertThat(breaker.getState()).as("open after its minimum of 5 failed calls").isEqualTo(CircuitBreaker.State.OPEN);

        // open: answered by the fallback, quickly, without reaching the upstream
        long start = System.nanoTime();
        http.get().uri("/api/v1/dashboard").exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("circuit breaker is open"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well under the 500 ms time limit").isLessThan(Duration.ofMillis(400));
        assertThat(calls).hasValue(5);

        // after breaker-open-for (2 s), 2 trial calls go through; the upstream is healthy again: closed
        mode.set(Mode.OK);
        await("half-open after the wait").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                http.get().uri("/api/v1/dashboard").exchange().expectStatus().isOk());
        http.get().uri("/api/v1/dashboard").exchange().expectStatus().isOk().expectBody().jsonPath("$.ok").isEqualTo(true);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(calls).hasValue(7);
    }
}
