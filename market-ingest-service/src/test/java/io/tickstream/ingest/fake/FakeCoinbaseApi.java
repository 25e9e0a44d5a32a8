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
}
