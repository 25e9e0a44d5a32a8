package io.tickstream.query.candles;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.tickstream.query.cache.CachedResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** History of one symbol: candles and indicators, from PostgreSQL through the two-tier cache. */
@RestController
@RequestMapping("/api/v1/quotes/{symbol}")
class CandleController {

    private final CandleService candles;
    private final IndicatorService indicators;

    CandleController(CandleService candles, IndicatorService indicators) {
        this.candles = candles;
        this.indicators = indicators;
    }

    @Operation(summary = "OHLC candles", description = "Aggregated in PostgreSQL from consensus quotes (else the first source by priority); cached.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CandleSeries.class)))
    @GetMapping("/candles")
    Mono<ResponseEntity<byte[]>> candles(
            @PathVariable String symbol,
            @Parameter(description = "1m, 5m, 15m, 1h, 4h or 1d; default 1m") @RequestParam(required = false) String interval,
            @Parameter(description = "ISO-8601 instant or epoch seconds; default limit candles before to") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant or epoch seconds (exclusive); default the end of the current candle") @RequestParam(required = false) String to,
            @Parameter(description = "1..1000, default 500: the newest candles of the range") @RequestParam(required = false) String limit) {
        return Mono.fromCallable(() -> candles.request(symbol, interval, from, to, limit, CandleInterval.M1))
                .flatMap(candles::candles)
                .map(CachedResponses::of);
    }

    @Operation(summary = "Technical indicators", description = "sma<n>, ema<n>, rsi<n> (n 2..200) over the newest 1,000 candles of the interval; cached.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = IndicatorService.IndicatorValues.class)))
    @GetMapping("/indicators")
    Mono<ResponseEntity<byte[]>> indicators(
            @PathVariable String symbol,
            @Parameter(description = "comma-separated, default sma20,ema50,rsi14") @RequestParam(required = false) String names,
            @Parameter(description = "candle width, default 1h") @RequestParam(required = false) String interval) {
        return Mono.defer(() -> indicators.indicators(symbol, names, interval)).map(CachedResponses::of);
    }
}
