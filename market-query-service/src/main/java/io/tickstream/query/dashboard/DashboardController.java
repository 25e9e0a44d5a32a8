package io.tickstream.query.dashboard;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.tickstream.query.cache.CachedResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/dashboard}, and for clients of the system this replaces
 * {@code GET /api/crypto/dashboard-summary} (same body, cached) and
 * {@code GET /api/crypto/dashboard-summary/refresh} (asks the ingest service to poll now through the
 * control stream, waits for the new summary, then answers; at most once per {@code refresh-every} across every
 * caller and instance, else it answers what is fresh now; {@code X-Refresh: fresh|timeout|throttled|unavailable}).
 */
@RestController
class DashboardController {

    private final DashboardService dashboard;

    DashboardController(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @Operation(summary = "Market summary with the top symbols",
            description = "Total market cap, 24h volume, BTC dominance, fear & greed, top symbols by market cap, source health.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DashboardView.class)))
    @GetMapping({"/api/v1/dashboard", "/api/crypto/dashboard-summary"})
    Mono<ResponseEntity<byte[]>> dashboard() {
        return dashboard.dashboard().map(CachedResponses::of);
    }

    @Operation(summary = "Poll now, then answer the dashboard",
            description = "Sends refresh to the ingest service's control stream and waits (5 s at most) for a new summary; "
                    + "at most once per 30 s (tickstream.query.quotes.refresh-every) across all callers: in between it answers "
                    + "the current dashboard with X-Refresh: throttled.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DashboardView.class)))
    @GetMapping("/api/crypto/dashboard-summary/refresh")
    Mono<ResponseEntity<byte[]>> refresh() {
        return dashboard.refresh().map(refreshed -> {
            ResponseEntity<byte[]> answer = CachedResponses.json(refreshed.body(), "COMPUTED", refreshed.stale());
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                    .header("X-Refresh", refreshed.outcome()).body(answer.getBody());
        });
    }
}
