package io.tickstream.ingest.fake;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coinbase Exchange {@code /products/{product_id}/ticker}, from {@code fake/coinbase/tickers.json} (a
 * map of product id to its documented ticker answer). A product it does not list answers 404
 * {@code {"message":"NotFound"}}, as Coinbase does; a set price replaces {@code price}.
 */
final class FakeCoinbaseApi implements FakeApi {

    static final String NAME = "coinbase";
    private static final Pattern TICKER = Pattern.compile("/products/([^/]+)/ticker");
    private static final JsonNode TICKERS = FakeMarket.fixture("coinbase/tickers.json");
    private static final String NOT_FOUND = "{\"message\":\"NotFound\"}";

    private final FakeMarket market;

    FakeCoinbaseApi(FakeMarket market) {
        this.market = market;
    }

    @Override
    public FakeResponse answer(RecordedRequest request) {
        Matcher candles = java.util.regex.Pattern.compile("/products/([A-Za-z0-9]+-[A-Za-z0-9]+)/candles").matcher(request.apiPath());
        if (candles.matches()) {
            return FakeResponse.json(200, FakeMarket.write(candles(request)));
        }
        Matcher path = TICKER.matcher(request.apiPath());
        if (!path.matches()) {
            return FakeResponse.json(404, NOT_FOUND);
        }
        String product = path.group(1).toUpperCase(Locale.ROOT);
        String symbol = product.substring(0, Math.max(0, product.indexOf('-')));
        if (!TICKERS.has(product) || !market.listed(NAME, symbol)) {
            return FakeResponse.json(404, NOT_FOUND);
        }
        ObjectNode copy = (ObjectNode) TICKERS.get(product).deepCopy();
        market.price(symbol).ifPresent(price -> copy.put("price", price.toPlainString()));
        return FakeResponse.json(200, FakeMarket.write(market.applyPatches(NAME, symbol, copy)));
    }

    /**
     * {@code /products/{id}/candles?granularity=60&start=&end=} (ISO times, both inclusive): [time s, low, high, open,
     * close, volume] per minute, newest first, at most 300; open = 200 + (minute mod 40), close = open + 1.
     */
    private tools.jackson.databind.node.ArrayNode candles(RecordedRequest request) {
        long start = java.time.Instant.parse(request.queryParam("start")).toEpochMilli();
        long end = java.time.Instant.parse(request.queryParam("end")).toEpochMilli();
        long current = System.currentTimeMillis() / 60_000 * 60_000;
        java.util.List<long[]> minutes = new java.util.ArrayList<>();
        for (long open = (start + 59_999) / 60_000 * 60_000; open <= end && open < current && minutes.size() < 300; open += 60_000) {
            minutes.add(new long[]{open});
        }
        tools.jackson.databind.node.ArrayNode answer = FakeMarket.array();
        for (int i = minutes.size() - 1; i >= 0; i--) {
            long open = minutes.get(i)[0];
            long o = 200 + (open / 60_000) % 40;
            answer.addArray().add(open / 1000).add(o - 2).add(o + 2).add(o).add(o + 1).add(3.25);
        }
        return answer;
    }
}
