package io.tickstream.ingest.consensus;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Set;

/**
 * The consensus quote, under {@code tickstream.ingest.consensus.}: the median of the fresh sources'
 * latest prices of a symbol, appended with {@code source=consensus} whenever a source updates.
 *
 * @param enabled         compute it; default true
 * @param quoteCurrencies quote currencies treated as one dollar for the median; default USD, USDT, USDC
 * @param publishAs       the consensus quote's currency; default USD
 * @param freshness       a source's price counts only if its source time is this recent; default 2m
 */
@Validated
@ConfigurationProperties("tickstream.ingest.consensus")
public record ConsensusProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"USD", "USDT", "USDC"}) @NotEmpty Set<String> quoteCurrencies,
        @DefaultValue("USD") @NotBlank String publishAs,
        @DefaultValue("2m") @NotNull Duration freshness) {
}
