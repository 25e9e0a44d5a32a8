package io.tickstream.e2e;

import io.tickstream.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Market history through the suite as processes, on the simulated market: the backup service keeps the candles
 * as it archives (a closed minute's consensus candle equals the aggregation of its archived quotes, its volume the
 * venues' trades), the query service serves them through the gateway with volume, paged and as CSV, raw history
 * too, and the push service's {@code candles:BTC:1m} channel shows the current candle in the same bucket.
 */
class HistoryThroughTheGatewayIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Suite suite;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        suite = Suite.get();
        http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void candlesFromTheRollupsWithVolumeLiveCandlesAndRawHistory() throws Exception {
        // a closed minute with consensus quotes and venue trades: the rollup equals the raw rows' aggregation
        TestPostgres.Settings pg = TestPostgres.settings();
        String closedMinute = await("a closed minute of BTC consensus candles with volume").atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> query(pg, "SELECT to_char(max(open_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM "
                        + suite.schema + ".candles_1m WHERE symbol = 'BTC' AND source = 'consensus' AND base_volume > 0"
                        + " AND open_time < date_trunc('minute', now()) - interval '1 minute'"), t -> t != null);
        String minute = "'" + closedMinute + "'";
        String rollup = query(pg, "SELECT open || '|' || high || '|' || low || '|' || close || '|' || ticks || '|' || base_volume FROM "
                + suite.schema + ".candles_1m WHERE symbol = 'BTC' AND source = 'consensus' AND open_time = " + minute);
        String raw = query(pg, "SELECT q.o || '|' || q.h || '|' || q.l || '|' || q.c || '|' || q.n || '|' || v.bv FROM"
                + " (SELECT (array_agg(price ORDER BY source_time))[1] o, max(price) h, min(price) l,"
                + " (array_agg(price ORDER BY source_time DESC))[1] c, count(*) n FROM " + suite.schema + ".market_quotes"
                + " WHERE symbol = 'BTC' AND source = 'consensus' AND source_time >= " + minute
                + " AND source_time < timestamptz " + minute + " + interval '1 minute') q,"
                + " (SELECT sum(size) bv FROM " + suite.schema + ".market_trades WHERE symbol = 'BTC' AND quote IN ('USD', 'USDT', 'USDC')"
                + " AND source_time >= " + minute + " AND source_time < timestamptz " + minute + " + interval '1 minute') v");
        System.out.printf("[history] BTC consensus %s: rollup %s, raw %s%n", closedMinute, rollup, raw);
        assertThat(rollup).isEqualTo(raw);

        // through the gateway: that candle with its volume, and the 5-minute candle holding it, derived
        Instant at = Instant.parse(closedMinute);
        JsonNode page = get("/api/v1/quotes/BTC/candles?interval=1m&from=" + at + "&to=" + at.plusSeconds(60));
        assertThat(page.get("source").asString()).isEqualTo("consensus");
        assertThat(page.at("/candles/0/time").asString()).isEqualTo(closedMinute);
        assertThat(page.at("/candles/0/volume").asString()).isEqualTo(rollup.substring(rollup.lastIndexOf('|') + 1));
        await("the 5-minute candle derived").atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                get("/api/v1/quotes/BTC/candles?interval=5m&limit=3").get("candles").size()).isPositive());

        // paged: two candles a page, each once
        JsonNode first = get("/api/v1/quotes/BTC/candles?interval=1m&limit=2&from=" + at.minusSeconds(600) + "&to=" + at.plusSeconds(60));
        if (!first.get("next").isNull()) {
            JsonNode second = get(first.get("next").asString());
            assertThat(second.at("/candles/1/time").asString()).isLessThan(first.at("/candles/0/time").asString());
        }
        // CSV
        String csv = http.get().uri("/api/v1/quotes/BTC/candles?interval=1m&limit=5").header("Accept", "text/csv").exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("time,open,high,low,close,volume,quote_volume,ticks,trades,origin\r\n");
        // raw quotes of the minute
        JsonNode quotes = get("/api/v1/quotes/BTC/history?source=consensus&limit=1000&from=" + at + "&to=" + at.plusSeconds(60));
        assertThat((long) quotes.get("quotes").size()).isEqualTo(Long.parseLong(rollup.split("\\|")[4]));
        http.get().uri("/api/v1/quotes/BTC/history?limit=0").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json");

        // the live candle over the WebSocket, through the gateway, in the current minute's bucket
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create(suite.gatewayUrl().replace("http", "ws") + "/ws"),
                        session -> session.send(Mono.just(session.textMessage("{\"op\":\"subscribe\",\"channels\":[\"candles:BTC:1m\"]}")))
                                .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(JSON::readTree)
                                        .doOnNext(frames::add)
                                        .filter(frame -> "update".equals(frame.path("type").asString()))
                                        .take(2))
                                .then())
                .block(Duration.ofSeconds(30));
        JsonNode update = frames.getLast();
        assertThat(update.path("channel").asString()).isEqualTo("candles:BTC:1m");
        Instant bucket = Instant.parse(update.at("/data/time").asString());
        assertThat(bucket.getEpochSecond() % 60).isZero();
        assertThat(Duration.between(bucket, Instant.now())).isBetween(Duration.ZERO, Duration.ofSeconds(130));
        assertThat(update.at("/data/source").asString()).isEqualTo("consensus");
    }

    private static JsonNode get(String uri) {
        return JSON.readTree(http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private static String query(TestPostgres.Settings pg, String sql) throws Exception {
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var rows = connection.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
