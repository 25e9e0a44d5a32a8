package io.tickstream.query;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.market.MarketProjection;
import io.tickstream.common.market.TickerJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/v1/tickers}: REST serves the ticker object of the WebSocket channel {@code ticker:<S>}
 * (the same names in the same order, built by the same common builder from the same projection rule),
 * and a quote older than the one held changes nothing, whatever its place in the stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TickerApiIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final QueryTestSettings settings = new QueryTestSettings();
    /** What the push service's projection holds after the same entries. */
    final MarketProjection pushSide = new MarketProjection();
    final long now = System.currentTimeMillis();
    TestStreams streams;
    QueryInstance service;
    WebTestClient client;

    @BeforeAll
    void start() {
        settings.createSchema();
        streams = new TestStreams(settings);
        append(QueryFixtures.quote("binance", "BTC", "67010", "2.5", null, now - 1_000));
        append(QueryFixtures.quote("kraken", "BTC", "67030", "2.4", null, now - 1_000));
        append(QueryFixtures.quote("coingecko", "BTC", "67000", "2.6", "1300000000000", now - 1_000));
        append(QueryFixtures.consensus("BTC", "67010", "67000", "67030", 3, now - 900));
        append(QueryFixtures.quote("binance", "ETH", "3500.50", "-4.5", null, now - 1_000));
        service = new QueryInstance(settings.properties());
        client = service.client();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/api/v1/tickers/ETH").exchange()
                .expectStatus().isOk());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (streams != null) {
            streams.close();
        }
        settings.dropSchema();
    }

    @Test
    void aTickerHasThePushChannelsShapeFieldForField() {
        JsonNode ticker = get("/api/v1/tickers/btc");

        assertThat(names(ticker)).containsExactly("symbol", "consensus", "sources");
        assertThat(ticker.get("symbol").asString()).isEqualTo("BTC");
        assertThat(names(ticker.get("consensus"))).containsExactly("source", "quote", "price", "stale",
                "consensusSources", "consensusLow", "consensusHigh", "sourceTime", "ingestTime");
        assertThat(names(ticker.get("sources"))).containsExactly("binance", "coingecko", "kraken");
        assertThat(names(ticker.get("sources").get("coingecko"))).containsExactly("source", "quote", "price",
                "change24hPct", "volume24h", "marketCap", "stale", "sourceTime", "ingestTime");
        assertThat(names(ticker.get("sources").get("binance"))).containsExactly("source", "quote", "price",
                "change24hPct", "volume24h", "stale", "sourceTime", "ingestTime");
        assertThat(ticker.at("/consensus/price").isString()).as("decimals are strings").isTrue();
        assertThat(ticker.at("/consensus/price").asString()).isEqualTo("67010");
        assertThat(ticker.at("/consensus/consensusSources").asInt()).isEqualTo(3);
        assertThat(ticker.at("/sources/coingecko/marketCap").asString()).isEqualTo("1300000000000");
        assertThat(ticker.at("/sources/binance/sourceTime").asLong()).isEqualTo(now - 1_000);
        assertThat(ticker.at("/sources/binance/ingestTime").asLong()).isEqualTo(now - 995);
        assertThat(ticker).as("what the push channel ticker:BTC carries after the same entries")
                .isEqualTo(TickerJson.ticker(pushSide, "BTC").orElseThrow());
    }

    @Test
    void withoutAConsensusQuoteTheConsensusIsNull() {
        JsonNode ticker = get("/api/v1/tickers/ETH");
        assertThat(ticker.has("consensus")).isTrue();
        assertThat(ticker.get("consensus").isNull()).isTrue();
        assertThat(ticker.at("/sources/binance/price").asString()).isEqualTo("3500.5");
    }

    @Test
    void anOlderQuoteAppendedAfterANewerOneChangesNothing() {
        append(QueryFixtures.quote("kraken", "LATE", "10", "1", null, now));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> client.get().uri("/api/v1/tickers/LATE").exchange()
                .expectStatus().isOk());
        JsonNode before = get("/api/v1/tickers/LATE");
        String quoteBefore = get("/api/v1/quotes/LATE").toString();

        append(QueryFixtures.quote("kraken", "LATE", "5", "-9", null, now - 60_000));
        append(QueryFixtures.quote("kraken", "LATE", "7", "-9", null, now));
        // a marker behind them on the same stream: once it shows, the tail has applied both
        append(QueryFixtures.quote("kraken", "MARK", "1", "0", null, now));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> client.get().uri("/api/v1/tickers/MARK").exchange()
                .expectStatus().isOk());

        assertThat(get("/api/v1/tickers/LATE")).isEqualTo(before);
        assertThat(get("/api/v1/tickers/LATE").at("/sources/kraken/price").asString()).isEqualTo("10");
        assertThat(get("/api/v1/quotes/LATE").toString()).isEqualTo(quoteBefore);
    }

    @Test
    void listsEveryTickerBySymbol() {
        JsonNode all = get("/api/v1/tickers");
        assertThat(all.isArray()).isTrue();
        List<String> symbols = new ArrayList<>();
        all.forEach(ticker -> symbols.add(ticker.get("symbol").asString()));
        assertThat(symbols).contains("BTC", "ETH").isSorted();
        all.forEach(ticker -> assertThat(names(ticker)).containsExactly("symbol", "consensus", "sources"));
    }

    @Test
    void theQuoteSummaryAndTheTickerAgree() {
        JsonNode quote = get("/api/v1/quotes/BTC");
        JsonNode ticker = get("/api/v1/tickers/BTC");
        assertThat(quote.get("price").asString()).isEqualTo(ticker.at("/consensus/price").asString());
        quote.get("sources").forEach(source -> assertThat(source.get("price").asString())
                .isEqualTo(ticker.at("/sources/" + source.get("source").asString() + "/price").asString()));
    }

    @Test
    void unknownSymbolIs404AndMalformedIs400Problem() {
        client.get().uri("/api/v1/tickers/NOPE").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("unknown symbol 'NOPE'"));
        client.get().uri("/api/v1/tickers/B$TC-TOO-LONG-SYMBOL").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("malformed symbol"));
    }

    @Test
    void theOpenApiDescriptionListsTheTickers() {
        client.get().uri("/api/docs/openapi").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/api/v1/tickers/{symbol}'].get").exists()
                .jsonPath("$.paths['/api/v1/tickers'].get").exists();
    }

    private void append(MarketEvent event) {
        streams.append(event);
        pushSide.apply(event);
    }

    private JsonNode get(String uri) {
        byte[] body = client.get().uri(uri).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
