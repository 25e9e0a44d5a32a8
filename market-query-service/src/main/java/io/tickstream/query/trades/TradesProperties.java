package io.tickstream.query.trades;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The recent trades of a symbol ({@code GET /api/v1/quotes/{symbol}/trades}), under
 * {@code tickstream.query.trades.}. They are read from the archive ({@code market_trades} in the schema of
 * {@code tickstream.query.history.schema}), with its query timeout.
 *
 * @param defaultLimit trades when {@code limit} is absent; default 50
 * @param maxLimit     largest {@code limit}; default 500
 * @param lookback     how far back the newest trades are looked for: a symbol with no trade that recent
 *                     answers an empty list, and the query reads only the monthly partitions it spans;
 *                     default 7 days
 */
@Validated
@ConfigurationProperties("tickstream.query.trades")
public record TradesProperties(
        @DefaultValue("50") @Min(1) int defaultLimit,
        @DefaultValue("500") @Min(1) @Max(10_000) int maxLimit,
        @DefaultValue("7d") Duration lookback) {
}
