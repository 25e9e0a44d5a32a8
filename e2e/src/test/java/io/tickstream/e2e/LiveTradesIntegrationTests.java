package io.tickstream.e2e;

import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.Partitions;
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
 * Live trades through the whole suite as processes, offline: the simulated venues stream over the feed path,
 * trades land on the BTC trade partition, reach a WebSocket client on {@code trades:BTC} through the gateway,
 * are archived once each and are served by {@code GET /api/v1/quotes/BTC/trades}; the venues' quotes carry best
 * bid and ask, and the ingest service reports them as streaming.
 */
class LiveTradesIntegrationTests {

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
    void venueTradesAreStreamedPushedArchivedOnceAndServed() throws Exception {
        String btcTrades = Partitions.defaults().keyFor(suite.trades, "BTC");
        Trade trade = await("a BTC trade from a simulated venue on the trade stream").atMost(Duration.ofSeconds(60))
                .until(() -> latestBtcTrade(btcTrades), t -> t != null);
        assertThat(trade.meta().source()).startsWith("sim-");

        // pushed through the gateway as a tape
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create(suite.gatewayUrl().replace("http", "ws") + "/ws"),
                        session -> session.send(Mono.just(session.textMessage("{\"op\":\"subscribe\",\"channels\":[\"trades:BTC\"]}")))
                                .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(JSON::readTree)
                                        .doOnNext(frames::add)
                                        .filter(frame -> "trade".equals(frame.path("type").asString()))
                                        .take(3))
                                .then())
                .block(Duration.ofSeconds(60));
        assertThat(frames).filteredOn(f -> "trade".equals(f.path("type").asString())).hasSize(3).allSatisfy(f -> {
            assertThat(f.path("channel").asString()).isEqualTo("trades:BTC");
            assertThat(f.at("/data/source").asString()).startsWith("sim-");
            assertThat(f.at("/data/price").asString()).matches("[0-9]+(\\.[0-9]+)?");
        });

        // archived, each trade once
        TestPostgres.Settings pg = TestPostgres.settings();
        await("the trade archived").atMost(Duration.ofSeconds(30)).until(() -> {
            try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 var statement = connection.prepareStatement("SELECT count(*) FROM " + suite.schema + ".market_trades WHERE id = ?")) {
                statement.setString(1, trade.meta().id());
                try (var rows = statement.executeQuery()) {
                    return rows.next() && rows.getLong(1) == 1;
                }
            }
        });
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var rows = connection.createStatement().executeQuery(
                     "SELECT count(*), count(DISTINCT id) FROM " + suite.schema + ".market_trades")) {
            rows.next();
            System.out.printf("[live-trades] archived trades %d, distinct %d%n", rows.getLong(1), rows.getLong(2));
            assertThat(rows.getLong(1)).isPositive().isEqualTo(rows.getLong(2));
        }

        // served over REST through the gateway, newest first
        var http = org.springframework.test.web.reactive.server.WebTestClient.bindToServer().baseUrl(suite.gatewayUrl())
                .responseTimeout(Duration.ofSeconds(10)).build();
        JsonNode recent = JSON.readTree(http.get().uri("/api/v1/quotes/BTC/trades?limit=5").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        JsonNode list = recent.isArray() ? recent : recent.path("trades");
        assertThat(list.size()).isBetween(1, 5);
        http.get().uri("/api/v1/quotes/BTC/trades?limit=0").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json");

        // the venues' quotes carry best bid and ask; the ingest service says they stream
        await("a venue quote with bid and ask over REST").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ticker = JSON.readTree(http.get().uri("/api/v1/tickers/BTC").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(ticker.path("sources").properties()).anySatisfy(source -> {
                assertThat(source.getKey()).startsWith("sim-");
                assertThat(source.getValue().path("bid").asString()).isNotEmpty();
                assertThat(source.getValue().path("ask").asString()).isNotEmpty();
            });
        });
        await("a venue reported as streaming").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode health = JSON.readTree(http.mutate().baseUrl("http://127.0.0.1:" + suite.ingestManagementPort).build()
                    .get().uri("/actuator/health").exchange().expectBody(String.class).returnResult().getResponseBody());
            JsonNode sources = health.at("/components/freshness/details/sources");
            assertThat(sources.properties()).anySatisfy(source -> {
                assertThat(source.getKey()).startsWith("sim-");
                assertThat(source.getValue().path("mode").asString()).isEqualTo("streaming");
            });
        });
    }

    private static Trade latestBtcTrade(String stream) {
        return redis.opsForStream().reverseRange(stream, Range.unbounded(), Limit.limit().count(200))
                .map(entry -> {
                    Map<String, String> fields = new HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return StreamEntryCodec.decode(fields);
                })
                .filter(e -> e instanceof Trade t && t.symbol().equals("BTC"))
                .cast(Trade.class).next().block();
    }
}
