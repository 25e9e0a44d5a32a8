package io.tickstream.gateway.status;

import io.tickstream.gateway.GatewayApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /api/v1/status} and {@code /status} through a whole gateway, with stand-ins for the services'
 * actuators: an ingest with a stale source, a query with a stale symbol, a push with connections, and a
 * backup service that does not answer at all.
 */
class StatusIntegrationTests {

    private static final String INGEST_HEALTH = """
            {"status":"DEGRADED","components":{
              "freshness":{"status":"DEGRADED","details":{"stale":["binance"],"sources":{
                "binance":{"mode":"polling","state":"down","polledHere":true,"lastGoodAgeMs":400000,"maxAgeMs":300000,"stale":true},
                "kraken":{"mode":"polling","state":"up","polledHere":false,"lastGoodAgeMs":null,"maxAgeMs":300000,"stale":false}}}},
              "sources":{"status":"UP","details":{"binance":{"state":"down","detail":"HTTP 503","lastGoodAt":1},
                "kraken":{"state":"up","detail":"","lastGoodAt":2}}}}}
            """;
    private static final String QUERY_HEALTH = """
            {"status":"DEGRADED","components":{"freshness":{"status":"DEGRADED","details":{
              "stale":["ETH"],"quoteMaxAgeMs":120000,"summaryMaxAgeMs":900000,"summaryAgeMs":30000,
              "symbolAgesMs":{"BTC":1500,"ETH":200000}}}}}
            """;

    private static DisposableServer ingest;
    private static DisposableServer query;
    private static DisposableServer push;
    private static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void start() throws Exception {
        ingest = actuator(Map.of("/actuator/health", INGEST_HEALTH));
        query = actuator(Map.of("/actuator/health", QUERY_HEALTH,
                "/actuator/metrics/tickstream.query.group.group.lag", metric(7),
                "/actuator/metrics/tickstream.query.group.group.pending", metric(2),
                "/actuator/metrics/tickstream.query.group.dlq", metric(0)));
        push = actuator(Map.of("/actuator/health", "{\"status\":\"UP\"}",
                "/actuator/metrics/tickstream.push.connections", metric(12)));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0", "--management.server.port=0",
                "--spring.data.redis.host=" + TestRedis.endpoint().host(),
                "--spring.data.redis.port=" + TestRedis.endpoint().port(),
                "--tickstream.gateway.rate-limit.key-prefix=" + TestKeys.unique("status") + ":",
                "--tickstream.gateway.status.ingest-uri=http://127.0.0.1:" + ingest.port(),
                "--tickstream.gateway.status.query-uri=http://127.0.0.1:" + query.port(),
                "--tickstream.gateway.status.push-uri=http://127.0.0.1:" + push.port(),
                "--tickstream.gateway.status.backup-uri=http://127.0.0.1:" + closedPort,
                "--tickstream.gateway.status.timeout=1s");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        for (DisposableServer s : new DisposableServer[]{ingest, query, push}) {
            if (s != null) {
                s.disposeNow();
            }
        }
    }

    @Test
    void theJsonNamesWhatIsStaleWhatIsDownAndTheFiguresOfEachService() {
        client().get().uri("/api/v1/status").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.services['market-ingest-service'].status").isEqualTo("DEGRADED")
                .jsonPath("$.services['stream-backup-service'].status").isEqualTo("UNREACHABLE")
                .jsonPath("$.services['stream-backup-service'].error").isNotEmpty()
                .jsonPath("$.services['websocket-push-service'].status").isEqualTo("UP")
                .jsonPath("$.sources.binance.state").isEqualTo("down")
                .jsonPath("$.sources.binance.stale").isEqualTo(true)
                .jsonPath("$.sources.binance.mode").isEqualTo("polling")
                .jsonPath("$.sources.binance.detail").isEqualTo("HTTP 503")
                .jsonPath("$.sources.kraken.polledHere").isEqualTo(false)
                .jsonPath("$.data.stale[0]").isEqualTo("ETH")
                .jsonPath("$.data.symbolAgesMs.BTC").isEqualTo(1500)
                .jsonPath("$.data.summaryAgeMs").isEqualTo(30000)
                .jsonPath("$.archive").isEmpty()
                .jsonPath("$.groups.query.lag").isEqualTo(7)
                .jsonPath("$.groups.query.pending").isEqualTo(2)
                .jsonPath("$.deadLetters.query").isEqualTo(0)
                .jsonPath("$.push.connections").isEqualTo(12);
    }

    @Test
    void thePageIsServedAndLoadsItsScript() {
        client().get().uri("/status").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> org.assertj.core.api.Assertions.assertThat(html)
                        .contains("<script src=\"/status.js\"").contains("/api/v1/status"));
        client().get().uri("/status.js").exchange().expectStatus().isOk();
    }

    private static WebTestClient client() {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }

    private static String metric(long value) {
        return "{\"name\":\"m\",\"measurements\":[{\"statistic\":\"VALUE\",\"value\":" + value + ".0}],\"availableTags\":[]}";
    }

    private static DisposableServer actuator(Map<String, String> answers) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    String body = answers.get(req.path().isEmpty() ? "/" : "/" + req.path());
                    if (body == null) {
                        return res.status(404).sendString(Mono.just("{\"error\":\"Not Found\"}"));
                    }
                    return res.header("Content-Type", "application/json").sendString(Mono.just(body));
                })
                .bindNow();
    }
}
