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
            default -> request.apiPath().startsWith("/coins/") && request.apiPath().endsWith("/market_chart")
                    ? marketChart(request)
                    : FakeResponse.json(404, "{\"error\":\"Not Found\"}");
        };
    }

    /**
     * {@code /coins/{id}/market_chart?vs_currency=usd&days=1}: {@code prices}, {@code market_caps} and
     * {@code total_volumes} as [ms, number] pairs, every 5 minutes over the last day at 17 s past a 5-minute mark
     * (as CoinGecko's are not on minute boundaries), then the current price at the current time; price =
     * 1000 + (minute mod 60) + 0.123456789 (more digits than a double keeps exactly in some cases: read as decimals).
     * An id the fixture does not list is a 404, as CoinGecko answers.
     */
    private FakeResponse marketChart(RecordedRequest request) {
        String id = request.apiPath().substring("/coins/".length(), request.apiPath().length() - "/market_chart".length());
        boolean known = false;
        for (JsonNode coin : MARKETS) {
            known |= coin.path("id").asString().equals(id);
        }
        if (!known) {
            return FakeResponse.json(404, "{\"error\":\"coin not found\"}");
        }
        if (!"usd".equals(request.queryParam("vs_currency")) || !"1".equals(request.queryParam("days"))) {
            return FakeResponse.json(400, "{\"error\":\"this fake serves vs_currency=usd&days=1 only\"}");
        }
        long now = System.currentTimeMillis();
        ObjectNode answer = FakeMarket.object();
        ArrayNode prices = answer.putArray("prices");
        ArrayNode caps = answer.putArray("market_caps");
        ArrayNode volumes = answer.putArray("total_volumes");
        long first = (now - 86_400_000L) / 300_000 * 300_000 + 300_000;
        for (long t = first + 17_000; t < now; t += 300_000) {
            addPoint(prices, caps, volumes, t);
        }
        addPoint(prices, caps, volumes, now);
        return FakeResponse.json(200, FakeMarket.write(answer));
    }

    private static void addPoint(ArrayNode prices, ArrayNode caps, ArrayNode volumes, long time) {
        java.math.BigDecimal price = new java.math.BigDecimal(1000 + (time / 60_000) % 60 + ".123456789");
        prices.addArray().add(time).add(price);
        caps.addArray().add(time).add(price.multiply(java.math.BigDecimal.valueOf(19_000_000)));
        volumes.addArray().add(time).add(new java.math.BigDecimal("31234567890.5"));
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
