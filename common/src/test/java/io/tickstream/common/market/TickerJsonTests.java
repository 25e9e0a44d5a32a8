package io.tickstream.common.market;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static io.tickstream.common.market.MarketFixtures.bare;
import static io.tickstream.common.market.MarketFixtures.consensus;
import static io.tickstream.common.market.MarketFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

class TickerJsonTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final MarketProjection projection = new MarketProjection();

    @Test
    void aQuoteHasItsFieldsInOrderDecimalsAsStringsAndNoNulls() {
        JsonNode node = TickerJson.quote(quote("binance", "BTC", "67012.50", 1_000));

        assertThat(names(node)).containsExactly("source", "quote", "price", "change24hPct", "volume24h", "high24h", "low24h",
                "stale", "sourceTime", "ingestTime");
        assertThat(JSON.writeValueAsString(node)).isEqualTo("{\"source\":\"binance\",\"quote\":\"USD\",\"price\":\"67012.5\","
                + "\"change24hPct\":\"-1.25\",\"volume24h\":\"123456789.5\",\"high24h\":\"67022.5\",\"low24h\":\"67011.5\","
                + "\"stale\":false,\"sourceTime\":1000,\"ingestTime\":1007}");
    }

    @Test
    void aQuoteWithoutOptionalValuesLeavesThemOut() {
        assertThat(JSON.writeValueAsString(TickerJson.quote(bare("kraken", "DOGE", "0.00000123", 5))))
                .isEqualTo("{\"source\":\"kraken\",\"quote\":\"USDT\",\"price\":\"0.00000123\",\"stale\":true,\"sourceTime\":5,\"ingestTime\":12}");
    }

    @Test
    void aConsensusQuoteSaysHowItWasFormed() {
        JsonNode node = TickerJson.quote(consensus("BTC", "67010", 900));

        assertThat(names(node)).containsExactly("source", "quote", "price", "change24hPct", "marketCap", "stale",
                "consensusSources", "consensusLow", "consensusHigh", "sourceTime", "ingestTime");
        assertThat(JSON.writeValueAsString(node)).isEqualTo("{\"source\":\"consensus\",\"quote\":\"USD\",\"price\":\"67010\","
                + "\"change24hPct\":\"2.5\",\"marketCap\":\"1300000000000\",\"stale\":false,\"consensusSources\":3,"
                + "\"consensusLow\":\"67009\",\"consensusHigh\":\"67011\",\"sourceTime\":900,\"ingestTime\":907}");
    }

    @Test
    void aTickerHasTheSymbolTheConsensusAndEverySourceInNameOrder() {
        projection.apply(quote("kraken", "BTC", "67020", 1_000));
        projection.apply(consensus("BTC", "67010", 900));
        projection.apply(quote("binance", "BTC", "67012.50", 1_000));

        JsonNode ticker = TickerJson.ticker(projection, "BTC").orElseThrow();

        assertThat(names(ticker)).containsExactly("symbol", "consensus", "sources");
        assertThat(ticker.get("symbol").asString()).isEqualTo("BTC");
        assertThat(ticker.get("consensus")).isEqualTo(TickerJson.quote(consensus("BTC", "67010", 900)));
        assertThat(names(ticker.get("sources"))).containsExactly("binance", "kraken");
        assertThat(ticker.get("sources").get("binance")).isEqualTo(TickerJson.quote(quote("binance", "BTC", "67012.50", 1_000)));
        assertThat(ticker.get("sources").get("kraken").get("price").asString()).isEqualTo("67020");
    }

    @Test
    void withoutAConsensusQuoteTheConsensusIsNull() {
        projection.apply(quote("binance", "ETH", "3500", 1_000));

        String json = JSON.writeValueAsString(TickerJson.ticker(projection, "ETH").orElseThrow());

        assertThat(json).startsWith("{\"symbol\":\"ETH\",\"consensus\":null,\"sources\":{\"binance\":{\"source\":\"binance\",");
    }

    @Test
    void anUnknownSymbolHasNoTicker() {
        assertThat(TickerJson.ticker(projection, "NOPE")).isEmpty();
    }

    @Test
    void anOlderQuoteLeavesTheTickerAsItWas() {
        projection.apply(quote("binance", "BTC", "102", 2_000));
        JsonNode before = TickerJson.ticker(projection, "BTC").orElseThrow();
        projection.apply(quote("binance", "BTC", "99", 1_000));
        assertThat(TickerJson.ticker(projection, "BTC").orElseThrow()).isEqualTo(before);
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
