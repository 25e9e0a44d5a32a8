package io.tickstream.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What clients get at the gateway beside the data itself: the API description and Swagger UI under
 * {@code /api/docs}, and ETag revalidation to {@code 304}.
 */
class FrontDoorIntegrationTests {

    @Test
    void apiDocsAndEtagRevalidationThroughTheGateway() {
        Suite suite = Suite.get();
        WebTestClient http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();

        http.get().uri("/api/docs/openapi").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.paths['/api/v1/quotes/{symbol}'].get.responses['404']").exists();
        String ui = http.get().uri("/api/docs").exchange().expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getLocation().toString();
        http.get().uri(ui).exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);

        await("the query service knows the market").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/api/v1/quotes").exchange().expectStatus().isOk());
        String etag = http.get().uri("/api/v1/quotes/BTC/candles?interval=1m&from=2020-01-01T00:00:00Z&to=2020-01-01T01:00:00Z")
                .exchange().expectStatus().isOk().returnResult(byte[].class).getResponseHeaders().getETag();
        assertThat(etag).startsWith("W/\"");
        http.get().uri("/api/v1/quotes/BTC/candles?interval=1m&from=2020-01-01T00:00:00Z&to=2020-01-01T01:00:00Z")
                .header("If-None-Match", etag).exchange().expectStatus().isNotModified();

        // compression: the query service gzips (QueryApiIntegrationTests), but through the gateway the answer arrives
        // uncompressed (chunked, no Content-Encoding) even with server.compression on in the gateway and the upstream
        // able to gzip: not asserted here until that is understood (issue 22)
    }
}
