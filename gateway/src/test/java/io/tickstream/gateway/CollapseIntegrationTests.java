package io.tickstream.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collapsed forwarding on {@code /api/**}, through a whole gateway against a stub upstream that answers
 * slowly and says which call of its own each answer was: identical reads in flight together cost one
 * upstream call, and everything that must not be shared is not.
 */
class CollapseIntegrationTests {

    private static final StubUpstream upstream = new StubUpstream();
    private static GatewayRunner gateway;
    private static GatewayRunner shortWait;

    @BeforeAll
    static void start() {
        gateway = new GatewayRunner(settings(Map.of()));
        shortWait = new GatewayRunner(settings(Map.of("tickstream.gateway.collapse.wait-limit", "100ms")));
    }

    private static Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "tickstream.gateway.rate-limit.replenish-rate", "1",
                "tickstream.gateway.rate-limit.burst-capacity", "1000"));
        settings.putAll(more);
        return GatewayRunner.onLocalRedis(upstream.url(), "gw-collapse", settings);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        shortWait.close();
        upstream.close();
    }

    @Test
    void identicalReadsInFlightTogetherCostOneUpstreamCallAndEachCallerKeepsItsOwnHeaders() {
        String id = UUID.randomUUID().toString();
        String key = gateway.newKey();
        double sharedBefore = shared(gateway);

        List<ResponseEntity<String>> answers = together(gateway, 8, "/api/v1/slow/" + id + "?ms=600",
                headers -> headers.add("X-API-Key", key));

        assertThat(upstream.slowCalls(id)).as("one call upstream for eight reads").isEqualTo(1);
        assertThat(shared(gateway) - sharedBefore).isEqualTo(7);
        for (ResponseEntity<String> answer : answers) {
            assertThat(answer.getStatusCode().value()).isEqualTo(200);
            assertThat(answer.getBody()).isEqualTo("{\"id\":\"" + id + "\",\"call\":1}");
            assertThat(answer.getHeaders().getFirst("X-Upstream-Call")).isEqualTo("1");
            assertThat(answer.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(answer.getHeaders().getContentLength()).isEqualTo(answer.getBody().length());
            assertThat(answer.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        // burst 1000, 1 token a second: eight tokens spent, at most one back while the test ran
        assertThat(answers.stream().mapToInt(a -> Integer.parseInt(a.getHeaders().getFirst("X-RateLimit-Remaining"))).min().orElseThrow())
                .as("every caller spent a token of its own").isLessThanOrEqualTo(1000 - 8 + 1);
    }

    @Test
    void aReadAfterTheAnswerIsOutMakesAFreshCall() {
        String id = UUID.randomUUID().toString();
        WebClient http = WebClient.create(gateway.baseUrl());

        String first = http.get().uri("/api/v1/slow/" + id).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        String second = http.get().uri("/api/v1/slow/" + id).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        assertThat(first).contains("\"call\":1");
        assertThat(second).contains("\"call\":2");
    }

    @Test
    void readsThatDifferInQueryOrAcceptAreDifferentReads() {
        String id = UUID.randomUUID().toString();
        WebClient http = WebClient.create(gateway.baseUrl());

        Flux.merge(
                        http.get().uri("/api/v1/slow/" + id + "?ms=600&v=1").retrieve().toBodilessEntity(),
                        http.get().uri("/api/v1/slow/" + id + "?ms=600&v=2").retrieve().toBodilessEntity(),
                        http.get().uri("/api/v1/slow/" + id + "?ms=600&v=2").header(HttpHeaders.ACCEPT, "text/plain")
                                .retrieve().toBodilessEntity())
                .collectList().block(Duration.ofSeconds(10));

        assertThat(upstream.slowCalls(id)).isEqualTo(3);
    }

    @Test
    void readsWithACookieMakeTheirOwnCalls() {
        String id = UUID.randomUUID().toString();

        together(gateway, 3, "/api/v1/slow/" + id + "?ms=400", headers -> headers.add(HttpHeaders.COOKIE, "theme=dark"));

        assertThat(upstream.slowCalls(id)).isEqualTo(3);
    }

    @Test
    void anAnswerThatSetsACookieGoesOnlyToTheCallerThatAskedForIt() {
        String id = UUID.randomUUID().toString();

        List<ResponseEntity<String>> answers = together(gateway, 3, "/api/v1/slow/" + id + "?ms=400&cookie=1", headers -> { });

        assertThat(upstream.slowCalls(id)).isEqualTo(3);
        assertThat(answers.stream().map(a -> a.getHeaders().getFirst(HttpHeaders.SET_COOKIE)).distinct()).hasSize(3);
    }

    @Test
    void aStreamedAnswerIsNotSharedAndTheWaitingReadsStillGetTheirs() {
        String id = UUID.randomUUID().toString();

        List<ResponseEntity<String>> answers = together(gateway, 3, "/api/v1/slow/" + id + "?ms=400&chunked=1", headers -> { });

        assertThat(upstream.slowCalls(id)).isEqualTo(3);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.getStatusCode().value()).isEqualTo(200);
            assertThat(a.getBody()).startsWith("{\"id\":\"" + id + "\"");
        });
    }

    @Test
    void pastTheWaitLimitAWaitingReadMakesItsOwnCall() {
        String id = UUID.randomUUID().toString();

        List<ResponseEntity<String>> answers = together(shortWait, 3, "/api/v1/slow/" + id + "?ms=800", headers -> { });

        assertThat(upstream.slowCalls(id)).isEqualTo(3);
        assertThat(answers).allSatisfy(a -> assertThat(a.getStatusCode().value()).isEqualTo(200));
    }

    /** {@code count} identical GETs sent at once, each on a connection of its own. */
    private static List<ResponseEntity<String>> together(GatewayRunner target, int count, String uri,
            Consumer<HttpHeaders> headers) {
        WebClient http = WebClient.create(target.baseUrl());
        return Flux.range(0, count)
                .flatMap(i -> http.get().uri(uri).headers(headers).retrieve().toEntity(String.class))
                .collectList().block(Duration.ofSeconds(15));
    }

    private static double shared(GatewayRunner target) {
        return Objects.requireNonNull(target.bean(MeterRegistry.class).find("tickstream.gateway.collapse.shared").counter()).count();
    }
}
