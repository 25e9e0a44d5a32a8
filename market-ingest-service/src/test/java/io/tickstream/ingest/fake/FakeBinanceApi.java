package io.tickstream.ingest.fake;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binance spot {@code /api/v3/ticker/24hr}, from {@code fake/binance/ticker-24hr.json} (USDT pairs):
 * {@code ?symbol=BTCUSDT} answers one object, {@code ?symbols=["BTCUSDT","ETHUSDT"]} an array, no
 * parameter every pair. Like Binance, one symbol it does not list fails the whole call with 400
 * {@code {"code":-1121,"msg":"Invalid symbol."}}, and a {@code symbols} value that is not a JSON array
 * of names with 400 {@code -1100}. Every answer carries {@code X-MBX-USED-WEIGHT-1M}, the weight used so
 * far (2 per call for up to 20 symbols, 40 up to 100, 80 for all); it never resets by itself.
 */
final class FakeBinanceApi implements FakeApi {

    static final String NAME = "binance";
    static final String WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";
    private static final String QUOTE = "USDT";
    private static final String INVALID_SYMBOL = "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";
    private static final Map<String, JsonNode> TICKERS = index(FakeMarket.fixture("binance/ticker-24hr.json"));

    private final FakeMarket market;

    FakeBinanceApi(FakeMarket market) {
        this.market = market;
    }

    @Override
    public FakeResponse answer(RecordedRequest request) {
        if (request.apiPath().equals("/api/v3/klines")) {
            return withWeight(2, FakeResponse.json(200, FakeMarket.write(klines(request))));
        }
        if (!request.apiPath().equals("/api/v3/ticker/24hr")) {
            return withWeight(1, FakeResponse.json(404, ""));
        }
        String symbol = request.queryParam("symbol");
        String symbols = request.queryParam("symbols");
        if (symbol != null && symbols != null) {
            return withWeight(2, FakeResponse.json(400, "{\"code\":-1128,\"msg\":\"Combination of optional parameters invalid.\"}"));
        }
        if (symbol != null) {
            return withWeight(2, listed(symbol)
                    ? FakeResponse.json(200, FakeMarket.write(ticker(symbol)))
                    : FakeResponse.json(400, INVALID_SYMBOL));
        }
        List<String> names = symbols == null ? listedNames() : parse(symbols);
        if (names == null) {
            return withWeight(2, FakeResponse.json(400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'symbols'; legal range is '^\\\\[(\\\"[A-Z0-9-_.]{1,20}\\\"(,\\\"[A-Z0-9-_.]{1,20}\\\"){0,}){0,1}\\\\]$'.\"}"));
        }
        int weight = symbols == null ? 80 : names.size() <= 20 ? 2 : names.size() <= 100 ? 40 : 80;
        if (!names.stream().allMatch(this::listed)) {
            return withWeight(weight, FakeResponse.json(400, INVALID_SYMBOL));
        }
        ArrayNode answer = FakeMarket.array();
        names.forEach(name -> answer.add(ticker(name)));
        return withWeight(weight, FakeResponse.json(200, FakeMarket.write(answer)));
    }

    /**
     * {@code /api/v3/klines?symbol=&interval=1m&startTime=&endTime=&limit=}: one closed 1-minute kline per minute
     * from startTime to endTime (never the current minute), at most {@code limit} (1,000), prices following the
     * minute number so a test can recompute them: open = 100 + (minute mod 50), close = open + 0.5.
     */
    private ArrayNode klines(RecordedRequest request) {
        long start = Long.parseLong(request.queryParam("startTime"));
        long end = Long.parseLong(request.queryParam("endTime"));
        int limit = Math.min(1000, Integer.parseInt(java.util.Objects.requireNonNullElse(request.queryParam("limit"), "500")));
        long current = System.currentTimeMillis() / 60_000 * 60_000;
        ArrayNode answer = FakeMarket.array();
        for (long open = (start + 59_999) / 60_000 * 60_000; open <= end && open < current && answer.size() < limit; open += 60_000) {
            BigDecimal o = BigDecimal.valueOf(100 + (open / 60_000) % 50);
            ArrayNode k = answer.addArray();
            k.add(open).add(o.toPlainString()).add(o.add(BigDecimal.ONE).toPlainString()).add(o.subtract(BigDecimal.ONE).toPlainString())
                    .add(o.add(new BigDecimal("0.5")).toPlainString()).add("2.5").add(open + 59_999).add(o.multiply(new BigDecimal("2.5")).toPlainString())
                    .add(7).add("1.0").add("100.0").add("0");
        }
        return answer;
    }

    private boolean listed(String pair) {
        return TICKERS.containsKey(pair) && market.listed(NAME, symbolOf(pair));
    }

    private List<String> listedNames() {
        return TICKERS.keySet().stream().filter(this::listed).toList();
    }

    private ObjectNode ticker(String pair) {
        String symbol = symbolOf(pair);
        ObjectNode copy = (ObjectNode) TICKERS.get(pair).deepCopy();
        market.price(symbol).ifPresent(price -> copy.put("lastPrice", price.toPlainString()));
        return market.applyPatches(NAME, symbol, copy);
    }

    private FakeResponse withWeight(int weight, FakeResponse response) {
        int used = market.binanceUsedWeight().addAndGet(weight);
        return response.withHeader(WEIGHT_HEADER, Integer.toString(used));
    }

    private static List<String> parse(String symbols) {
        try {
            JsonNode array = FakeMarket.parse(symbols);
            if (!array.isArray() || array.isEmpty()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode name : array) {
                if (!name.isString()) {
                    return null;
                }
                names.add(name.asString());
            }
            return names;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String symbolOf(String pair) {
        return pair.endsWith(QUOTE) ? pair.substring(0, pair.length() - QUOTE.length()) : pair;
    }

    private static Map<String, JsonNode> index(JsonNode tickers) {
        Map<String, JsonNode> bySymbol = new LinkedHashMap<>();
        tickers.forEach(ticker -> bySymbol.put(ticker.path("symbol").asString(), ticker));
        return bySymbol;
    }
}
