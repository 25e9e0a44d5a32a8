package io.tickstream.query.quotes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Latest quotes, the dashboard and movers, {@code tickstream.query.quotes.*}.
 *
 * @param maxAge          a quote whose source time is older than this is flagged stale, default 2 min
 * @param sourcePriority  which source gives price and market figures when there is no consensus quote,
 *                        and the order of per-source prices, default coingecko, binance, kraken, coinbase
 * @param dashboardTop    symbols on the dashboard (by market cap), default 10
 * @param moversMaxLimit  largest {@code limit} of {@code /movers}, default 50
 * @param refreshWait     how long {@code /api/crypto/dashboard-summary/refresh} waits for a fresh summary, default 5 s
 * @param refreshEvery    at most one refresh from {@code /api/crypto/dashboard-summary/refresh} reaches the sources per
 *                        this interval, whoever calls it on whichever instance (a Redis {@code SET NX PX} gate);
 *                        calls in between answer the current dashboard with {@code X-Refresh: throttled}; default
 *                        30 s, the shortest poll interval of the summary's sources (CoinGecko). Env
 *                        {@code TICKSTREAM_QUERY_QUOTES_REFRESHEVERY}
 * @param refreshGateKey  the Redis key of that gate, default {@code tickstream:query:refresh-gate}
 */
@Validated
@ConfigurationProperties("tickstream.query.quotes")
public record QuotesProperties(
        @DefaultValue("2m") Duration maxAge,
        @DefaultValue({"coingecko", "binance", "kraken", "coinbase"}) @NotEmpty List<String> sourcePriority,
        @DefaultValue("10") @Min(1) @Max(100) int dashboardTop,
        @DefaultValue("50") @Min(1) @Max(500) int moversMaxLimit,
        @DefaultValue("5s") Duration refreshWait,
        @DefaultValue("30s") Duration refreshEvery,
        @DefaultValue("tickstream:query:refresh-gate") @jakarta.validation.constraints.NotBlank String refreshGateKey) {

    /** Rank of {@code source}: consensus first, then the configured order, then the rest. */
    int rank(String source) {
        if (io.tickstream.common.event.Quote.CONSENSUS_SOURCE.equals(source)) {
            return -1;
        }
        int index = sourcePriority.indexOf(source);
        return index < 0 ? sourcePriority.size() : index;
    }
}
