package io.tickstream.query.candles;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * History from PostgreSQL (the backup service's archive, read only), {@code tickstream.query.history.*}.
 *
 * @param schema         schema of the archive tables, default {@code tickstream} (env {@code POSTGRES_SCHEMA})
 * @param defaultLimit   candles when {@code limit} is absent, default 500
 * @param maxLimit       largest {@code limit}, and the most candles a {@code from..to} range may span, default 1,000
 * @param sourcePriority whose quotes make candles: the first of these with quotes in the range, default
 *                       consensus, coingecko, binance, kraken, coinbase (other sources after these, by name)
 * @param queryTimeout   longest a history query may run, default 10 s
 */
@Validated
@ConfigurationProperties("tickstream.query.history")
public record HistoryProperties(
        @DefaultValue("tickstream") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String schema,
        @DefaultValue("500") @Min(1) int defaultLimit,
        @DefaultValue("1000") @Min(1) @Max(10_000) int maxLimit,
        @DefaultValue({"consensus", "coingecko", "binance", "kraken", "coinbase"}) @NotEmpty List<String> sourcePriority,
        @DefaultValue("10s") Duration queryTimeout) {
}
