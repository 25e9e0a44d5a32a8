package io.tickstream.ingest.fake;

import io.tickstream.common.symbol.Symbols;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kraken {@code /0/public/Ticker} and {@code /0/public/AssetPairs}, from {@code fake/kraken/*.json}.
 * {@code pair} takes the alternative names ({@code XBTUSD}) or the pair names ({@code XXBTZUSD}); the
 * answer is keyed by the pair names, as Kraken's is. Like Kraken, one unknown pair fails the whole call
 * with HTTP 200 {@code {"error":["EQuery:Unknown asset pair"]}}. A pair's canonical symbol comes from
 * the base of its {@code wsname} ({@code XBT/USD} is BTC); a set price replaces the last trade price
 * {@code c[0]}.
 */
final class FakeKrakenApi implements FakeApi {

    static final String NAME = "kraken";
    private static final JsonNode TICKERS = FakeMarket.fixture("kraken/ticker.json").path("result");
    private static final JsonNode ASSET_PAIRS = FakeMarket.fixture("kraken/asset-pairs.json");
    private static final Map<String, String> KEY_BY_NAME = names();

    private final FakeMarket market;

    FakeKrakenApi(FakeMarket market) {
        this.market = market;
    }

    @Override
    public FakeResponse answer(RecordedRequest request) {
        return switch (request.apiPath()) {
            case "/0/public/Ticker" -> ticker(request.queryParam("pair"));
            case "/0/public/AssetPairs" -> FakeResponse.json(200, FakeMarket.write(ASSET_PAIRS));
            case "/0/public/OHLC" -> ohlc(request);
            default -> FakeResponse.json(404, "{\"error\":[\"EGeneral:Unknown method\"]}");
        };
    }

    /**
     * {@code /0/public/OHLC?pair=&interval=1&since=<s>}: the last 720 minutes after {@code since} as [time s, open,
     * high, low, close, vwap, volume, count] (strings, as Kraken sends them) under the pair's result key, oldest first;
     * open = 300 + (minute mod 30), close = open - 1.
     */
    private FakeResponse ohlc(RecordedRequest request) {
        String key = KEY_BY_NAME.getOrDefault(java.util.Objects.requireNonNullElse(request.queryParam("pair"), "").toUpperCase(Locale.ROOT), "");
        if (!listed(key)) {
            return FakeResponse.json(200, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
        }
        long current = System.currentTimeMillis() / 60_000 * 60_000;
        long since = Long.parseLong(java.util.Objects.requireNonNullElse(request.queryParam("since"), "0")) * 1000;
        ArrayNode bars = FakeMarket.array();
        for (long open = Math.max(current - 720 * 60_000L, (since + 60_000) / 60_000 * 60_000); open < current; open += 60_000) {
            long o = 300 + (open / 60_000) % 30;
            bars.addArray().add(open / 1000).add(Long.toString(o)).add(Long.toString(o + 1)).add(Long.toString(o - 2))
                    .add(Long.toString(o - 1)).add(Long.toString(o)).add("0.5").add(4);
        }
        ObjectNode result = FakeMarket.object();
        result.set(key, bars);
        result.put("last", current / 1000);
        ObjectNode answer = FakeMarket.object();
        answer.set("error", FakeMarket.array());
        answer.set("result", result);
        return FakeResponse.json(200, FakeMarket.write(answer));
    }

    private FakeResponse ticker(String pairParam) {
        List<String> keys = pairParam == null
                ? KEY_BY_NAME.values().stream().distinct().filter(this::listed).toList()
                : List.of(pairParam.split(",")).stream()
                        .map(name -> KEY_BY_NAME.getOrDefault(name.trim().toUpperCase(Locale.ROOT), ""))
                        .toList();
        if (keys.stream().anyMatch(key -> !listed(key))) {
            return FakeResponse.json(200, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
        }
        ObjectNode result = FakeMarket.object();
        for (String key : keys) {
            String symbol = symbolOf(key);
            ObjectNode copy = (ObjectNode) TICKERS.path(key).deepCopy();
            market.price(symbol).ifPresent(price -> ((ArrayNode) copy.get("c")).set(0, FakeMarket.parse('"' + price.toPlainString() + '"')));
            result.set(key, market.applyPatches(NAME, symbol, copy));
        }
        ObjectNode answer = FakeMarket.object();
        answer.set("error", FakeMarket.array());
        answer.set("result", result);
        return FakeResponse.json(200, FakeMarket.write(answer));
    }

    private boolean listed(String key) {
        return TICKERS.has(key) && market.listed(NAME, symbolOf(key));
    }

    private static String symbolOf(String key) {
        String wsname = ASSET_PAIRS.path("result").path(key).path("wsname").asString();
        return Symbols.canonical(wsname.substring(0, wsname.indexOf('/')));
    }

    private static Map<String, String> names() {
        Map<String, String> byName = new LinkedHashMap<>();
        ASSET_PAIRS.path("result").forEachEntry((key, pair) -> {
            byName.put(key, key);
            byName.put(pair.path("altname").asString(), key);
        });
        return byName;
    }
}
