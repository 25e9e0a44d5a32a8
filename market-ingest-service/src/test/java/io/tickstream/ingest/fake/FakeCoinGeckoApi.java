package io.tickstream.ingest.fake;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CoinGecko v3: {@code /coins/markets} (only {@code vs_currency=usd}; coins filtered by {@code ids} in
 * market-cap order; unknown ids are left out, as CoinGecko does) and {@code /global}, from
 * {@code fake/coingecko/*.json}. A coin's canonical symbol is its {@code symbol} upper-cased.
 */
final class FakeCoinGeckoApi implements FakeApi {

    static final String NAME = "coingecko";
    private static final JsonNode MARKETS = FakeMarket.fixture("coingecko/coins-markets.json");
    private static final JsonNode GLOBAL = FakeMarket.fixture("coingecko/global.json");

    private final FakeMarket market;

    FakeCoinGeckoApi(FakeMarket market) {
        this.market = market;
    }

    @Override
    public FakeResponse answer(RecordedRequest request) {
        return switch (request.apiPath()) {
            case "/coins/markets" -> markets(request);
            case "/global" -> FakeResponse.json(200, FakeMarket.write(global()));
            default -> FakeResponse.json(404, "{\"error\":\"Not Found\"}");
        };
    }

    private FakeResponse markets(RecordedRequest request) {
        if (!"usd".equals(request.queryParam("vs_currency"))) {
            return FakeResponse.json(400, "{\"error\":\"invalid vs_currency\"}");
        }
        String ids = request.queryParam("ids");
        List<String> wanted = ids == null ? null : Arrays.asList(ids.split(","));
        ArrayNode coins = FakeMarket.array();
        for (JsonNode coin : MARKETS) {
            String symbol = coin.path("symbol").asString().toUpperCase(Locale.ROOT);
            if ((wanted == null || wanted.contains(coin.path("id").asString())) && market.listed(NAME, symbol)) {
                ObjectNode copy = (ObjectNode) coin.deepCopy();
                market.price(symbol).ifPresent(price -> copy.put("current_price", price));
                coins.add(market.applyPatches(NAME, symbol, copy));
            }
        }
        return FakeResponse.json(200, FakeMarket.write(coins));
    }

    private JsonNode global() {
        JsonNode answer = GLOBAL.deepCopy();
        if (market.liveTimes()) {
            ((ObjectNode) answer.path("data")).put("updated_at", Instant.now().getEpochSecond());
        }
        return answer;
    }
}
