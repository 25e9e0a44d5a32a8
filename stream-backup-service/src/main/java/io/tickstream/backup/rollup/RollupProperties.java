package io.tickstream.backup.rollup;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * OHLCV candles kept by the archive, under {@code tickstream.backup.rollup.}.
 *
 * @param consensusSource          the source of the consensus quotes; its candles also get the volume of every
 *                                 venue's trades in {@code consensusQuoteCurrencies}; default {@code consensus}
 * @param consensusQuote           the quote currency the consensus is published in; default {@code USD}
 * @param consensusQuoteCurrencies trades in these quote currencies add to the consensus candle's volume (the
 *                                 ingest's consensus takes USD, USDT and USDC as one); default USD, USDT, USDC
 * @param deriveEvery              how often the 5m..1d candles are derived from the changed 1-minute ones: the most
 *                                 a longer candle lags its minutes (plus one round); default 5 s
 * @param deriveBatch              most changed minutes taken per round (more wait for the next round); default 20,000
 * @param jobEnabled               run the derivation job of the 5m..1d candles on this instance (every instance may:
 *                                 one round runs at a time across instances, under an advisory lock); at least one
 *                                 instance must, since the job also records the series ({@code candle_series}) the
 *                                 query service picks candles from; default true
 */
@Validated
@ConfigurationProperties("tickstream.backup.rollup")
public record RollupProperties(
        @DefaultValue("consensus") @Pattern(regexp = "[a-z0-9_-]{1,64}") String consensusSource,
        @DefaultValue("USD") @Pattern(regexp = "[A-Z0-9]{1,16}") String consensusQuote,
        @DefaultValue({"USD", "USDT", "USDC"}) @NotEmpty List<@Pattern(regexp = "[A-Z0-9]{1,16}") String> consensusQuoteCurrencies,
        @DefaultValue("5s") @NotNull Duration deriveEvery,
        @DefaultValue("20000") @Min(100) @Max(1_000_000) int deriveBatch,
        @DefaultValue("true") boolean jobEnabled) {

    /** The defaults. */
    public static RollupProperties defaults() {
        return new RollupProperties("consensus", "USD", List.of("USD", "USDT", "USDC"), Duration.ofSeconds(5), 20_000, true);
    }
}
