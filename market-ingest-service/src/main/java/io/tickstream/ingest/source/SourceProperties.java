package io.tickstream.ingest.source;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of one source, under {@code tickstream.ingest.sources.<name>.}. Each source's own
 * defaults (base URL, budget from its documented limits, poll interval) are in the service's
 * {@code application.yml}; the defaults below apply where a source sets nothing.
 *
 * @param enabled       poll this source; default {@code false} here, real sources are enabled in
 *                      {@code application.yml}, {@code simulated} only by the {@code simulated} profile
 * @param baseUrl       the part before the documented path, e.g. {@code https://api.binance.com}
 * @param pollInterval  time between polls; default 10s
 * @param timeout       bound on one HTTP call, connect to last byte; default 5s
 * @param budget        request budget from the source's documented limit
 * @param retry         retries within one poll on 5xx, timeouts and refused connections
 * @param breaker       circuit breaker around the source
 * @param maxAge        data older than this at ingest is published flagged {@code stale} and kept out
 *                      of the consensus; default 5m
 * @param quoteCurrency quote currency to ask the source for; default {@code USD} (Binance: {@code USDT})
 * @param apiKey        API key where the source takes one (CoinGecko demo key); set from the
 *                      environment only, e.g. {@code COINGECKO_API_KEY}; default none
 * @param symbolIds     the source's own name of a canonical symbol where it differs and a built-in
 *                      mapping does not know it, e.g. CoinGecko {@code PEPE: pepe}; default empty
 */
public record SourceProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank String baseUrl,
        @DefaultValue("10s") @NotNull Duration pollInterval,
        @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue @Valid @NotNull Budget budget,
        @DefaultValue @Valid @NotNull RetryPolicy retry,
        @DefaultValue @Valid @NotNull BreakerPolicy breaker,
        @DefaultValue("5m") @NotNull Duration maxAge,
        @DefaultValue("USD") @NotBlank String quoteCurrency,
        @DefaultValue("") String apiKey,
        @DefaultValue Map<String, String> symbolIds) {

    public SourceProperties {
        symbolIds = symbolIds == null ? Map.of() : Map.copyOf(symbolIds);
    }

    /**
     * At most {@code requests} HTTP calls per {@code period}; default 30 per minute.
     *
     * @param requests        calls allowed per period
     * @param period          the period
     * @param slowDownAtUsage for sources that report their usage (Binance {@code X-MBX-USED-WEIGHT-1M}),
     *                        the share of {@code usageLimit} at which polling pauses until the window
     *                        resets; default 0.8
     * @param usageLimit      the source's reported-usage limit per minute (Binance: 6000 weight); 0 when
     *                        the source reports none; default 0
     */
    public record Budget(
            @DefaultValue("30") @Min(1) int requests,
            @DefaultValue("1m") @NotNull Duration period,
            @DefaultValue("0.8") @DecimalMin("0.1") @DecimalMax("1.0") double slowDownAtUsage,
            @DefaultValue("0") @Min(0) int usageLimit) {
    }

    /**
     * Exponential backoff with jitter.
     *
     * @param maxAttempts retries after the first call; default 2
     * @param minBackoff  first backoff; default 500ms
     * @param maxBackoff  backoff cap; default 5s
     * @param jitter      jitter factor 0..1; default 0.5
     * @param defaultRetryAfter wait after a 429 without {@code Retry-After}; default 60s
     */
    public record RetryPolicy(
            @DefaultValue("2") @Min(0) int maxAttempts,
            @DefaultValue("500ms") @NotNull Duration minBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
            @DefaultValue("60s") @NotNull Duration defaultRetryAfter) {
    }

    /**
     * Circuit breaker over a count-based window of polls.
     *
     * @param windowSize          polls in the window; default 10
     * @param minimumCalls        polls before the failure rate counts; default 4
     * @param failureRatePercent  failure rate that opens the breaker; default 50
     * @param openDuration        how long it stays open before a trial poll; default 30s
     */
    public record BreakerPolicy(
            @DefaultValue("10") @Min(1) int windowSize,
            @DefaultValue("4") @Min(1) int minimumCalls,
            @DefaultValue("50") @Min(1) int failureRatePercent,
            @DefaultValue("30s") @NotNull Duration openDuration) {
    }
}
