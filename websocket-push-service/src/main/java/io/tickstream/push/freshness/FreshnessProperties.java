package io.tickstream.push.freshness;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Bounds of the {@code freshness} health component, {@code tickstream.push.freshness.*}.
 *
 * @param quoteMaxAge   a symbol whose newest quote (any source) is older than this makes the component
 *                      DEGRADED and is named in it; default 2 min (as the query service's)
 * @param summaryMaxAge the market summary older than this makes it DEGRADED; default 15 min
 */
@Validated
@ConfigurationProperties("tickstream.push.freshness")
public record FreshnessProperties(
        @DefaultValue("2m") @NotNull Duration quoteMaxAge,
        @DefaultValue("15m") @NotNull Duration summaryMaxAge) {
}
