package io.tickstream.query.history;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Raw quote and trade history (the archive's rows, paged), under {@code tickstream.query.raw-history.}. The schema
 * is the candles' ({@code tickstream.query.history.schema}).
 *
 * @param defaultLimit rows per page when {@code limit} is absent; default 500
 * @param maxLimit     largest {@code limit}; default 5,000
 * @param defaultSpan  the range when {@code from} is absent: this long before {@code to}; default 1 hour
 * @param queryTimeout longest a page's query may run; default 10 s
 */
@Validated
@ConfigurationProperties("tickstream.query.raw-history")
public record RawHistoryProperties(
        @DefaultValue("500") @Min(1) int defaultLimit,
        @DefaultValue("5000") @Min(1) @Max(50_000) int maxLimit,
        @DefaultValue("1h") @NotNull Duration defaultSpan,
        @DefaultValue("10s") @NotNull Duration queryTimeout) {
}
