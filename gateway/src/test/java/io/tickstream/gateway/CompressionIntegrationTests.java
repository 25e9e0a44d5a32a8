package io.tickstream.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression as a client that accepts gzip sees it through the gateway: an upstream's gzipped answer passes
 * through as it is (not compressed twice, not unpacked), an uncompressed answer of 1 KB or more is compressed by
 * the gateway, the dashboard's own files too, and a client that does not accept gzip gets the plain answer.
 * The JDK's HttpClient is used on purpose: it never asks for, nor unpacks, gzip on its own.
 */
class CompressionIntegrationTests {

    private static final String BODY = "{\"quotes\":[" + "{\"symbol\":\"BTC\",\"price\":\"67000.5\"},".repeat(200) + "{}]}";
    private static final String SMALL = "{\"symbol\":\"BTC\",\"price\":\"67000.5\"}";
    private static final HttpClient client = HttpClient.newHttpClient();
    private static DisposableServer upstream;
    private static GatewayRunner gateway;

    @BeforeAll
    static void start() {
        // /api/v1/quotes gzips itself (as the query service does); /api/v1/plain and /api/v1/small never do
        upstream = HttpServer.create().host("127.0.0.1").port(0)
                .compress((req, res) -> req.fullPath().equals("/api/v1/quotes"))
                .route(r -> r
                        .get("/api/v1/quotes", (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
                        .get("/api/v1/plain", (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
                        .get("/api/v1/small", (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just(SMALL))))
                .bindNow();
        gateway = new GatewayRunner(GatewayRunner.onLocalRedis("http://127.0.0.1:" + upstream.port(), "gzip", Map.of()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.disposeNow();
    }

    @Test
    void anUpstreamsGzippedAnswerPassesThroughOnce() throws Exception {
        HttpResponse<byte[]> answer = get("/api/v1/quotes", true);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(answer.body())).isEqualTo(BODY);
    }

    @Test
    void anUncompressedUpstreamAnswerIsGzippedByTheGateway() throws Exception {
        HttpResponse<byte[]> answer = get("/api/v1/plain", true);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(answer.body().length).isLessThan(BODY.length() / 4);
        assertThat(gunzip(answer.body())).isEqualTo(BODY);
    }

    @Test
    void smallAnswersAndClientsThatDoNotAcceptGzipGetThePlainBody() throws Exception {
        HttpResponse<byte[]> small = get("/api/v1/small", true);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo(SMALL);

        HttpResponse<byte[]> plain = get("/api/v1/plain", false);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
    }

    @Test
    void theDashboardsOwnScriptIsGzipped() throws Exception {
        HttpResponse<byte[]> script = get("/app.js", true);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(script.body())).contains("WebSocket");
    }

    private static HttpResponse<byte[]> get(String path, boolean acceptGzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
        if (acceptGzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
