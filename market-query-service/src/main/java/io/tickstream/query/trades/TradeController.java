package io.tickstream.query.trades;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tickstream.query.cache.CachedResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/** The recent trades of one symbol, from the archive in PostgreSQL. */
@RestController
class TradeController {

    private final TradeService trades;

    TradeController(TradeService trades) {
        this.trades = trades;
    }

    @Operation(summary = "Recent trades",
            description = "The newest trades of the symbol on every venue, newest first, from the archive (a fraction of a"
                    + " second behind the live WebSocket channel trades:<SYMBOL>, which has the same trade objects);"
                    + " each trade once, whatever the feeds sent twice. An empty list when none was archived in the last 7 days.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RecentTrades.class)))
    @GetMapping("/api/v1/quotes/{symbol}/trades")
    Mono<ResponseEntity<byte[]>> trades(
            @PathVariable String symbol,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String limit) {
        return Mono.fromCallable(() -> trades.request(symbol, limit))
                .flatMap(trades::trades)
                .map(CachedResponses::of);
    }

    /** The answer's shape, for the OpenAPI description ({@link io.tickstream.common.market.TradeJson#trades} writes it). */
    @Schema(name = "RecentTrades")
    record RecentTrades(@Schema(example = "BTC") String symbol, List<TradeItem> trades) {
    }

    /** One trade ({@link io.tickstream.common.market.TradeJson#trade}). */
    @Schema(name = "Trade")
    record TradeItem(
            @Schema(description = "idempotency key", example = "trade:binance:BTC:USDT:5123456789") String id,
            @Schema(example = "binance") String source,
            @Schema(example = "BTC") String symbol,
            @Schema(description = "quote currency", example = "USDT") String quote,
            @Schema(description = "decimal string", example = "67012.5") String price,
            @Schema(description = "traded amount of the base asset, decimal string", example = "0.0012") String size,
            @Schema(description = "the taker's side", allowableValues = {"buy", "sell", "unknown"}) String side,
            @Schema(description = "the venue's trade id", example = "5123456789") String tradeId,
            @Schema(description = "the venue's trade time, epoch ms", example = "1763800000123") long time,
            @Schema(description = "when Tickstream took it in, epoch ms", example = "1763800000150") long ingestTime) {
    }
}
