package io.tickstream.query.movers;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.CachedResponses;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.problem.Problems;
import io.tickstream.query.quotes.QuoteView;
import io.tickstream.query.quotes.QuoteViews;
import io.tickstream.query.quotes.QuotesProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/v1/movers?window=24h&limit=10}: top gainers and losers by the sources' 24 hour change.
 * Only the {@code 24h} window exists (the sources report 24 hour changes); {@code limit} 1..50.
 */
@RestController
class MoversController {

    private final QuoteViews quotes;
    private final TwoTierCache cache;
    private final QuotesProperties properties;
    private final JsonMapper json;

    MoversController(QuoteViews quotes, TwoTierCache cache, QuotesProperties properties, JsonMapper json) {
        this.quotes = quotes;
        this.cache = cache;
        this.properties = properties;
        this.json = json;
    }

    /** @param window the change window; gainers descending, losers ascending by change */
    record Movers(String window, List<Mover> gainers, List<Mover> losers) {
    }

    record Mover(String symbol, String price, String change24hPct, boolean stale) {
    }

    @Operation(summary = "Top gainers and losers")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Movers.class)))
    @GetMapping("/api/v1/movers")
    Mono<ResponseEntity<byte[]>> movers(
            @Parameter(description = "24h (the only window)") @RequestParam(required = false) String window,
            @Parameter(description = "1..50, default 10") @RequestParam(required = false) String limit) {
        return Mono.fromCallable(() -> {
                    String w = window == null || window.isBlank() ? "24h" : window.trim();
                    if (!"24h".equals(w)) {
                        throw Problems.badRequest("window must be 24h, was '" + window + "'");
                    }
                    return Problems.bounded("limit", limit, 10, 1, properties.moversMaxLimit());
                })
                .flatMap(n -> cache.get(CacheKeys.movers("24h", n),
                        () -> Mono.fromCallable(() -> json.writeValueAsBytes(compute(n)))))
                .map(CachedResponses::of);
    }

    private Movers compute(int limit) {
        List<QuoteView> withChange = quotes.all().stream().filter(q -> q.change24hPct() != null).toList();
        Comparator<QuoteView> byChange = Comparator.comparing(q -> new BigDecimal(q.change24hPct()));
        return new Movers("24h",
                withChange.stream().filter(q -> new BigDecimal(q.change24hPct()).signum() > 0)
                        .sorted(byChange.reversed()).limit(limit).map(MoversController::mover).toList(),
                withChange.stream().filter(q -> new BigDecimal(q.change24hPct()).signum() < 0)
                        .sorted(byChange).limit(limit).map(MoversController::mover).toList());
    }

    private static Mover mover(QuoteView q) {
        return new Mover(q.symbol(), q.price(), q.change24hPct(), q.stale());
    }
}
