package io.tickstream.query.candles;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tickstream.query.cache.CachedResponses;
import io.tickstream.query.csv.CsvTable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** History of one symbol: candles and indicators, from the rollups in PostgreSQL through the two-tier cache. */
@RestController
@RequestMapping("/api/v1/quotes/{symbol}")
class CandleController {

    /** How a last page's JSON ends ({@code next}, null, is the series' last field). */
    private static final byte[] LAST_PAGE = "\"next\":null}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final CandleService candles;
    private final IndicatorService indicators;

    CandleController(CandleService candles, IndicatorService indicators) {
        this.candles = candles;
        this.indicators = indicators;
    }

    @Operation(summary = "OHLCV candles", description = "Read from the rollups the archive keeps (1m as quotes and trades "
            + "are archived, 5m..1d derived from them; backfilled bars where the source's history was loaded), with volume "
            + "where the source has trades or bars. One series: the given source, else consensus, else the first source "
            + "by priority. A page holds the newest `limit` candles of the range; `next` (and a `Link: rel=\"next\"` "
            + "header) asks for the older ones. `Accept: text/csv` answers CSV. Cached.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = CandleSeries.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                    example = "time,open,high,low,close,volume,quote_volume,ticks,trades,origin"))})
    @GetMapping(value = "/candles", produces = {"application/json", "text/csv"})
    Mono<ResponseEntity<byte[]>> candles(
            @PathVariable String symbol,
            @Parameter(description = "1m, 5m, 15m, 1h, 4h or 1d; default 1m") @RequestParam(required = false) String interval,
            @Parameter(description = "ISO-8601 instant or epoch seconds; default limit candles before to") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant or epoch seconds (exclusive); default the end of the current candle") @RequestParam(required = false) String to,
            @Parameter(description = "1..1000, default 500: candles per page, the newest of the range first") @RequestParam(required = false) String limit,
            @Parameter(description = "the series' source (e.g. consensus, binance); default consensus, else by priority") @RequestParam(required = false) String source,
            @Parameter(description = "the series' quote currency (e.g. USDT); default the first with candles") @RequestParam(required = false) String quote,
            @Parameter(description = "from a `next` link: where the next page starts") @RequestParam(required = false) String cursor,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return Mono.fromCallable(() -> candles.request(symbol, interval, from, to, limit, source, quote, cursor, CandleInterval.M1))
                .flatMap(candles::candles)
                .map(cached -> {
                    ResponseEntity<byte[]> json = CachedResponses.of(cached);
                    if (CsvTable.wanted(accept)) {
                        return csv(candles.parse(cached.body()), json.getHeaders());
                    }
                    if (endsWith(cached.body(), LAST_PAGE)) {
                        return json; // the usual case, without reading the cached bytes back
                    }
                    return ResponseEntity.ok().headers(json.getHeaders())
                            .header(HttpHeaders.LINK, "<" + candles.parse(cached.body()).next() + ">; rel=\"next\"")
                            .body(json.getBody());
                });
    }

    @Operation(summary = "Technical indicators", description = "sma<n>, ema<n>, rsi<n> (Wilder), macd<fast>_<slow>_<signal> "
            + "(macd = 12_26_9: line, signal, histogram) and bb<n>[_<k>] (Bollinger bands, k standard deviations, default 2: "
            + "upper, middle, lower), n 2..200, over the newest 1,000 candles of the interval from the rollups; a name "
            + "without a number takes `window`. Cached.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = IndicatorService.IndicatorValues.class)))
    @GetMapping("/indicators")
    Mono<ResponseEntity<byte[]>> indicators(
            @PathVariable String symbol,
            @Parameter(description = "comma-separated, default sma20,ema50,rsi14") @RequestParam(required = false) String names,
            @Parameter(description = "candle width, default 1h") @RequestParam(required = false) String interval,
            @Parameter(description = "the period of names given without one (sma, ema, rsi, bb), 2..200; default 14")
            @RequestParam(required = false) String window) {
        return Mono.defer(() -> indicators.indicators(symbol, names, interval, window)).map(CachedResponses::of);
    }

    private static boolean endsWith(byte[] body, byte[] tail) {
        return body.length >= tail.length
                && java.util.Arrays.equals(body, body.length - tail.length, body.length, tail, 0, tail.length);
    }

    private static ResponseEntity<byte[]> csv(CandleSeries series, HttpHeaders headers) {
        CsvTable table = new CsvTable("time", "open", "high", "low", "close", "volume", "quote_volume", "ticks", "trades", "origin");
        for (Candle c : series.candles()) {
            table.row(c.time(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.quoteVolume(), c.ticks(), c.trades(), c.origin());
        }
        HttpHeaders extra = new HttpHeaders();
        extra.set(CachedResponses.CACHE_HEADER, headers.getFirst(CachedResponses.CACHE_HEADER));
        extra.set(CachedResponses.STALE_HEADER, headers.getFirst(CachedResponses.STALE_HEADER));
        extra.set("X-Candle-Source", series.source() == null ? "" : series.source());
        return table.answer(series.next(), extra);
    }
}
