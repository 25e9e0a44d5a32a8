package io.tickstream.query.quotes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tickstream.common.market.TickerJson;
import io.tickstream.query.RedisAvailability;
import io.tickstream.query.cache.CachedResponses;
import io.tickstream.query.problem.Problems;
import io.tickstream.query.state.MarketState;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/tickers} and {@code GET /api/v1/tickers/{symbol}}: this instance's state in the one
 * JSON shape of a ticker ({@link TickerJson}), the object the WebSocket channel {@code ticker:<SYMBOL>}
 * carries, so a client takes its first picture here and applies the channel's updates to it as they are.
 * Built on each request from the in-memory state (a handful of quotes per symbol), never cached, so
 * never older than the state.
 */
@RestController
@RequestMapping("/api/v1/tickers")
class TickerController {

    private static final String EXAMPLE = """
            {"symbol":"BTC",
             "consensus":{"source":"consensus","quote":"USD","price":"67010","change24hPct":"2.5","stale":false,
                          "consensusSources":3,"consensusLow":"67000","consensusHigh":"67030",
                          "sourceTime":1763800000000,"ingestTime":1763800000120},
             "sources":{"binance":{"source":"binance","quote":"USDT","price":"67012.5","change24hPct":"2.51",
                                   "volume24h":"1250000000","high24h":"68000","low24h":"66000","stale":false,
                                   "sourceTime":1763800000000,"ingestTime":1763800000040}}}""";

    private final MarketState state;
    private final RedisAvailability redis;
    private final JsonMapper json;

    TickerController(MarketState state, RedisAvailability redis, JsonMapper json) {
        this.state = state;
        this.redis = redis;
        this.json = json;
    }

    @Operation(summary = "Latest quotes of one symbol, in the WebSocket ticker shape",
            description = "{\"symbol\", \"consensus\": quote or null, \"sources\": {source: quote}}, exactly the data of the "
                    + "WebSocket channel ticker:<SYMBOL>. A quote has source, quote (currency), price, change24hPct, volume24h, "
                    + "marketCap, high24h, low24h (decimal strings, left out when the source does not give them), stale, for the "
                    + "consensus consensusSources/consensusLow/consensusHigh, sourceTime and ingestTime (epoch ms). The latest of "
                    + "each series is the one with the newest source time. 404 for an unknown symbol, 400 for a malformed one.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(type = "object"), examples = @ExampleObject(value = EXAMPLE)))
    @GetMapping("/{symbol}")
    ResponseEntity<byte[]> ticker(@PathVariable String symbol) {
        String canonical = Problems.symbol(symbol);
        ObjectNode ticker = state.quotes(canonical).map(bySource -> TickerJson.ticker(canonical, bySource))
                .orElseThrow(() -> Problems.unknownSymbol(canonical));
        return CachedResponses.json(json.writeValueAsBytes(ticker), "COMPUTED", redis.degraded());
    }

    @Operation(summary = "Latest quotes of every symbol, in the WebSocket ticker shape", description = "One ticker per symbol, by symbol.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            array = @ArraySchema(schema = @Schema(type = "object"))))
    @GetMapping
    ResponseEntity<byte[]> tickers() {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        state.symbols().stream().sorted()
                .forEach(symbol -> state.quotes(symbol).ifPresent(bySource -> all.add(TickerJson.ticker(symbol, bySource))));
        return CachedResponses.json(json.writeValueAsBytes(all), "COMPUTED", redis.degraded());
    }
}
