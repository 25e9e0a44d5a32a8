package io.tickstream.query.quotes;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.CachedResponses;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.problem.Problems;
import io.tickstream.query.RedisAvailability;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/quotes} and {@code GET /api/v1/quotes/{symbol}}: latest prices from this instance's state. */
@RestController
@RequestMapping("/api/v1/quotes")
class QuoteController {

    private final QuoteViews views;
    private final TwoTierCache cache;
    private final RedisAvailability redis;
    private final JsonMapper json;

    QuoteController(QuoteViews views, TwoTierCache cache, RedisAvailability redis, JsonMapper json) {
        this.views = views;
        this.cache = cache;
        this.redis = redis;
        this.json = json;
    }

    @Operation(summary = "Latest price of one symbol",
            description = "Consensus price, per-source prices and their spread, 24h change, volume, market cap, source time, stale flag. 404 for an unknown symbol.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuoteView.class)))
    @GetMapping("/{symbol}")
    ResponseEntity<byte[]> quote(@PathVariable String symbol) {
        String canonical = Problems.symbol(symbol);
        QuoteViews.Answer answer = views.answer(canonical);
        if (answer == null) {
            throw Problems.unknownSymbol(canonical);
        }
        return CachedResponses.json(answer.body(), answer.etag(), answer.prepared() ? "L1" : "COMPUTED", redis.degraded());
    }

    @Operation(summary = "Latest price of every symbol")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = QuoteView.class))))
    @GetMapping
    Mono<ResponseEntity<byte[]>> quotes() {
        return cache.get(CacheKeys.quotes(), () -> Mono.fromCallable(() -> json.writeValueAsBytes(views.all())))
                .map(CachedResponses::of);
    }
}
