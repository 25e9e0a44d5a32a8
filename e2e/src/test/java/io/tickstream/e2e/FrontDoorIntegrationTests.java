package io.tickstream.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What clients get at the gateway beside the data itself: the API description and Swagger UI under
 * {@code /api/docs}, ETag revalidation to {@code 304}, and gzip for clients that accept it.
 */
class FrontDoorIntegrationTests {

    @Test
    void apiDocsEtagRevalidationAndCompressionThroughTheGateway() throws Exception {
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

        // compression, seen with the JDK's client (which neither asks for gzip nor unpacks it by itself; a WebTestClient
        // without an Accept-Encoding header of its own is answered uncompressed, as it should be): the query service's
        // gzipped list passes the gateway once, and the dashboard's script is gzipped by the gateway itself
        HttpResponse<byte[]> quotes = getGzip(suite.gatewayUrl() + "/api/v1/quotes");
        assertThat(quotes.statusCode()).isEqualTo(200);
        assertThat(quotes.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(quotes.body())).startsWith("[").contains("\"BTC\"");
        HttpResponse<byte[]> script = getGzip(suite.gatewayUrl() + "/app.js");
        assertThat(script.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(script.body())).contains("WebSocket");
    }

    private static HttpResponse<byte[]> getGzip(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
