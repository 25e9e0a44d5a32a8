package io.tickstream.e2e;

import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The suite as real processes: one quote followed from the simulated source to the stream, to PostgreSQL,
 * to the REST API and to a WebSocket client, both through the gateway.
 */
class SuiteIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Suite suite;
    private static LettuceConnectionFactory factory;
    private static ReactiveStringRedisTemplate redis;

    @BeforeAll
    static void start() {
        suite = Suite.get();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.endpoint().host(), TestRedis.endpoint().port()));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
    }

    @AfterAll
    static void stop() {
        factory.destroy();
    }

    @Test
    void aQuoteTravelsFromTheSourceToTheStreamToPostgresAndThroughTheGateway() throws Exception {
        Quote quote = await("a BTC consensus quote on the stream").atMost(Duration.ofSeconds(30))
                .until(SuiteIntegrationTests::latestBtcConsensus, q -> q != null);

        TestPostgres.Settings pg = TestPostgres.settings();
        await("the quote archived in PostgreSQL").atMost(Duration.ofSeconds(20)).until(() -> {
            try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 var statement = connection.prepareStatement("SELECT price FROM " + suite.schema + ".market_quotes WHERE id = ?")) {
                statement.setString(1, quote.meta().id());
                try (var rows = statement.executeQuery()) {
                    return rows.next() && rows.getBigDecimal(1).compareTo(quote.price()) == 0;
                }
            }
        });

        WebTestClient http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
        // from market-query-service (not the gateway's stale fallback): consensus price, several sources' worth
        await("the query service knows BTC").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                http.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                        .expectHeader().doesNotExist("X-Tickstream-Stale")
                        .expectBody().jsonPath("$.symbol").isEqualTo("BTC")
                        .jsonPath("$.priceSource").isEqualTo("consensus").jsonPath("$.price").isNotEmpty());

        // a WebSocket client through the gateway: snapshot, then live updates of the same symbol
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create(suite.gatewayUrl().replace("http", "ws") + "/ws"),
                        session -> session.send(Mono.just(session.textMessage("{\"op\":\"subscribe\",\"channels\":[\"ticker:BTC\"]}")))
                                .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(SuiteIntegrationTests::json)
                                        .doOnNext(frames::add)
                                        .filter(frame -> "update".equals(frame.path("type").asString()))
                                        .take(2))
                                .then())
                .block(Duration.ofSeconds(30));
        assertThat(frames.getFirst().path("type").asString()).isEqualTo("snapshot");
        assertThat(frames).filteredOn(f -> "update".equals(f.path("type").asString())).hasSize(2)
                .allSatisfy(f -> {
                    assertThat(f.path("channel").asString()).isEqualTo("ticker:BTC");
                    assertThat(f.path("offset").asString()).matches("\\d+-\\d+");
                });
        http.get().uri("/admin/ingest/sources").exchange().expectStatus().isUnauthorized();
        http.get().uri("/admin/ingest/sources").header("X-Admin-Key", Suite.ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.simulated.state").isEqualTo("up");
        http.get().uri("/").exchange().expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("Tickstream"));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static Quote latestBtcConsensus() {
        return redis.opsForStream().reverseRange(suite.btcStream, Range.unbounded(), Limit.limit().count(200))
                .map(entry -> {
                    Map<String, String> fields = new HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return StreamEntryCodec.decode(fields);
                })
                .filter(e -> e instanceof Quote q && q.symbol().equals("BTC") && q.meta().source().equals("consensus"))
                .cast(Quote.class).next().block();
    }
}
