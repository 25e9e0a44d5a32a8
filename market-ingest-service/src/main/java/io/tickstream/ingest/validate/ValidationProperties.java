package io.tickstream.ingest.validate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Bounds on what a source may say, under {@code tickstream.ingest.validation.}. Values outside them
 * are rejected and counted ({@code tickstream_ingest_rejected_total}), never published.
 *
 * @param minPrice        smallest believable price; default 1E-12
 * @param maxPrice        largest believable price; default 1E9
 * @param maxJumpPercent  largest move against the same source's previous accepted price of the same
 *                        pair within {@code jumpWindow}; default 50 (%)
 * @param jumpWindow      how recent the previous price must be for the jump check; default 10m
 * @param maxFutureSkew   how far a source time may lie ahead of our clock; default 2m
 */
@Validated
@ConfigurationProperties("tickstream.ingest.validation")
public record ValidationProperties(
        @DefaultValue("0.000000000001") @NotNull @Positive BigDecimal minPrice,
        @DefaultValue("1000000000") @NotNull @Positive BigDecimal maxPrice,
        @DefaultValue("50") @NotNull @Positive BigDecimal maxJumpPercent,
        @DefaultValue("10m") @NotNull Duration jumpWindow,
        @DefaultValue("2m") @NotNull Duration maxFutureSkew) {
}
