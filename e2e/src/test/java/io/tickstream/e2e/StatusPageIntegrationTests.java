package io.tickstream.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page through the gateway of the real suite (simulated market): the JSON holds what each
 * service's own actuator reports, in the shapes the services really answer with, and every service is
 * reached.
 */
class StatusPageIntegrationTests {

    @Test
    void theStatusJsonShowsEveryServiceSourceSymbolStreamAndThePushConnections() {
        Suite suite = Suite.get();
        WebTestClient http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
        await("the status shows fresh data from the simulated source").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/api/v1/status").exchange()
                        .expectStatus().isOk()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                        .expectBody()
                        .jsonPath("$.status").isEqualTo("UP")
                        .jsonPath("$.services['market-ingest-service'].status").isEqualTo("UP")
                        .jsonPath("$.services['stream-backup-service'].status").isEqualTo("UP")
                        .jsonPath("$.services['market-query-service'].status").isEqualTo("UP")
                        .jsonPath("$.services['websocket-push-service'].status").isEqualTo("UP")
                        .jsonPath("$.sources.simulated.mode").isEqualTo("polling")
                        .jsonPath("$.sources.simulated.state").isEqualTo("up")
                        .jsonPath("$.sources.simulated.polledHere").isEqualTo(true)
                        .jsonPath("$.sources.simulated.stale").isEqualTo(false)
                        .jsonPath("$.sources.simulated.lastGoodAgeMs").value(age ->
                                assertThat(((Number) age).longValue()).isBetween(0L, 10_000L))
                        .jsonPath("$.data.stale").isEmpty()
                        .jsonPath("$.data.symbolAgesMs.BTC").isNumber()
                        // per archived stream, whatever the stream keys (partitions) are called
                        .jsonPath("$.archive.*.unarchived").value(v -> assertThat((java.util.List<?>) v).isNotEmpty()
                                .allSatisfy(n -> assertThat(n).isInstanceOf(Number.class)))
                        .jsonPath("$.archive.*.oldestPendingAgeSeconds").value(v -> assertThat((java.util.List<?>) v).isNotEmpty())
                        .jsonPath("$.groups.query.lag").isNumber()
                        .jsonPath("$.deadLetters.backup").isEqualTo(0)
                        .jsonPath("$.deadLetters.query").isEqualTo(0)
                        .jsonPath("$.push.connections").isNumber());
        http.get().uri("/status").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
    }
}
